package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;

/**
 * {@code ExecutorCompletionService} hands back futures as their tasks complete, whatever the
 * order of submission: Python's {@code as_completed}. Useful to act on each result as soon as
 * it exists instead of waiting for the slowest.
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
            for (int i = 0; i < waits.size(); i++) {
                completion.submit(new Slow("task" + i + " (" + waits.get(i) + " ms)", Duration.ofMillis(waits.get(i))));
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
