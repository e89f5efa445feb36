package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;

/**
 * {@code cancel(true)} interrupts a running task; {@code cancel(false)} only marks the future
 * cancelled and lets a running task go on (its result is thrown away). Either way {@code get}
 * throws {@code CancellationException}. Python's {@code future.cancel()} cannot stop a task
 * that has started at all: it returns False.
 */
public final class F02_Cancel implements Sample {

    @Override
    public String number() {
        return "F02";
    }

    @Override
    public String python() {
        return "future.cancel()";
    }

    @Override
    public String java() {
        return "future.cancel(true / false)";
    }

    @Override
    public Observation run() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var interruptible = new Slow("a", Duration.ofMillis(300));
            var polite = new Slow("b", Duration.ofMillis(300));
            var first = executor.submit(interruptible);
            var second = executor.submit(polite);
            Thread.sleep(50);
            boolean cancelledFirst = first.cancel(true);
            boolean cancelledSecond = second.cancel(false);
            boolean firstThrows = throwsCancellation(first);
            boolean secondThrows = throwsCancellation(second);
            executor.shutdown();
            executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            boolean holds = cancelledFirst && cancelledSecond && firstThrows && secondThrows
                    && interruptible.interrupted.get() && !interruptible.finished.get()
                    && polite.finished.get() && !polite.interrupted.get();
            return new Observation(holds, List.of(
                    "cancel(true) on a running task: the task was %s.".formatted(interruptible.interrupted.get()
                            ? "interrupted and stopped" : "not interrupted"),
                    "cancel(false) on a running task: the task %s, but get() %s.".formatted(
                            polite.finished.get() ? "ran to its end" : "stopped",
                            secondThrows ? "threw CancellationException all the same" : "returned its result")));
        }
    }

    private static boolean throwsCancellation(java.util.concurrent.Future<?> future) throws Exception {
        try {
            future.get();
            return false;
        } catch (CancellationException e) {
            return true;
        }
    }
}
