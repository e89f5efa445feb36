package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;

/**
 * {@code ExecutorCompletionService} hands back futures as their tasks complete, whatever the
 * order of submission: Python's {@code as_completed}. Useful to act on each result as soon as
 * it exists instead of waiting for the slowest. (The tasks here finish in a fixed order, each
 * one after the one before it, so the sample shows the same thing on a busy machine.)
 */
public final class F04_AsCompleted implements Sample {

    @Override
    public String number() {
        return "F04";
    }

    @Override
    public String python() {
        return "for f in as_completed(futures)";
    }

    @Override
    public String java() {
        return "ExecutorCompletionService.take()";
    }

    @Override
    public Observation run() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var completion = new ExecutorCompletionService<String>(executor);
            var waits = List.of(120, 40, 80, 10);
            // Task i finishes only after every task with a shorter wait has finished.
            var done = new java.util.HashMap<Integer, java.util.concurrent.CountDownLatch>();
            waits.forEach(w -> done.put(w, new java.util.concurrent.CountDownLatch(1)));
            for (int i = 0; i < waits.size(); i++) {
                int wait = waits.get(i);
                var task = new Slow("task" + i + " (" + wait + " ms)", Duration.ofMillis(wait));
                completion.submit(() -> {
                    for (int shorter : waits) {
                        if (shorter < wait) {
                            done.get(shorter).await();
                        }
                    }
                    try {
                        return task.call();
                    } finally {
                        done.get(wait).countDown();
                    }
                });
            }
            var seen = new ArrayList<String>();
            long t0 = System.nanoTime();
            long firstAt = -1;
            for (int i = 0; i < waits.size(); i++) {
                seen.add(completion.take().get());
                if (firstAt < 0) {
                    firstAt = Slow.millisSince(t0);
                }
            }
            boolean holds = seen.equals(List.of("task3 (10 ms)", "task1 (40 ms)", "task2 (80 ms)", "task0 (120 ms)"));
            return new Observation(holds, List.of(
                    "Submitted 120, 40, 80, 10 ms tasks; take() gave them back as %s.".formatted(seen),
                    "The first result was in hand after %d ms, not after the slowest task.".formatted(firstAt)));
        }
    }
}
