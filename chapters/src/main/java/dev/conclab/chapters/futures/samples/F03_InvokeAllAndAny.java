package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * {@code invokeAll} waits for every task and returns their futures in submission order, like
 * {@code executor.map}. {@code invokeAny} returns the first successful result and cancels the
 * others: the losers are interrupted before it returns.
 */
public final class F03_InvokeAllAndAny implements Sample {

    @Override
    public String number() {
        return "F03";
    }

    @Override
    public String python() {
        return "executor.map(f, items) / wait(FIRST_COMPLETED)";
    }

    @Override
    public String java() {
        return "invokeAll(tasks) / invokeAny(tasks)";
    }

    @Override
    public Observation run() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var all = List.of(new Slow("first", Duration.ofMillis(90)), new Slow("second", Duration.ofMillis(30)),
                    new Slow("third", Duration.ofMillis(60)));
            long t0 = System.nanoTime();
            var futures = executor.invokeAll(all);
            long allTook = Slow.millisSince(t0);
            var order = futures.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    return "?";
                }
            }).toList();

            var slowest = new Slow("slow", Duration.ofSeconds(5));
            var fast = new Slow("fast", Duration.ofMillis(20));
            long t1 = System.nanoTime();
            String winner = executor.invokeAny(List.of(slowest, fast));
            long anyTook = Slow.millisSince(t1);
            executor.shutdown();
            executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            boolean holds = order.equals(List.of("first", "second", "third")) && "fast".equals(winner)
                    && slowest.interrupted.get();
            return new Observation(holds, List.of(
                    "invokeAll took %d ms (the slowest task) and gave results in submission order: %s.".formatted(allTook, order),
                    "invokeAny returned \"%s\" after %d ms; the 5 s task was %s.".formatted(winner, anyTook,
                            slowest.interrupted.get() ? "interrupted" : "left running")));
        }
    }
}
