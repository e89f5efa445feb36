package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A timeout on {@code get} bounds the wait, not the work: after {@code TimeoutException} the
 * task is still running, and it finishes (or not) on its own. Python's
 * {@code future.result(timeout=...)} behaves the same way. To stop the work, cancel it (F02).
 */
public final class F01_GetWithTimeout implements Sample {

    @Override
    public String number() {
        return "F01";
    }

    @Override
    public String python() {
        return "future.result(timeout=0.1)";
    }

    @Override
    public String java() {
        return "future.get(100, MILLISECONDS)";
    }

    @Override
    public Observation run() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var task = new Slow("task", Duration.ofMillis(250));
            var future = executor.submit(task);
            long t0 = System.nanoTime();
            boolean timedOut = false;
            try {
                future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                timedOut = true;
            }
            long gaveUp = Slow.millisSince(t0);
            boolean runningAfter = !future.isDone();
            String result = future.get();
            long finished = (task.endedAt - t0) / 1_000_000;
            return new Observation(timedOut && runningAfter && task.finished.get() && "task".equals(result), List.of(
                    "get(100 ms) threw TimeoutException after %d ms; the task was %s.".formatted(gaveUp,
                            runningAfter ? "still running" : "already done"),
                    "The task finished on its own %d ms after submission and get() then returned \"%s\".".formatted(finished, result)));
        }
    }
}
