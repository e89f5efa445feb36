package dev.conclab.chapters.futures.samples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code allOf} completes when all do ({@code asyncio.gather}), {@code anyOf} when the first
 * does; {@code orTimeout} fails a future that is too slow and {@code completeOnTimeout}
 * substitutes a default ({@code asyncio.wait_for}). Neither stops the slow work itself: a
 * CompletableFuture has no thread to interrupt.
 */
public final class F06_AllOfAnyOfTimeout implements Sample {

    @Override
    public String number() {
        return "F06";
    }

    @Override
    public String python() {
        return "asyncio.gather / asyncio.wait_for(aw, 0.1)";
    }

    @Override
    public String java() {
        return "allOf / anyOf / orTimeout / completeOnTimeout";
    }

    @Override
    public Observation run() {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            var a = CompletableFuture.supplyAsync(() -> sleep(200, "a"), executor);
            var b = CompletableFuture.supplyAsync(() -> sleep(20, "b"), executor);
            Object first = CompletableFuture.anyOf(a, b).join();
            boolean aPendingAtAny = !a.isDone();
            long anyAt = Slow.millisSince(t0);
            CompletableFuture.allOf(a, b).join();
            boolean bothDoneAtAll = a.isDone() && b.isDone();
            long allAt = Slow.millisSince(t0);

            var slow = CompletableFuture.supplyAsync(() -> sleep(250, "slow"), executor);
            String timeout;
            try {
                slow.copy().orTimeout(50, TimeUnit.MILLISECONDS).join();
                timeout = "no timeout";
            } catch (CompletionException e) {
                timeout = e.getCause() instanceof TimeoutException ? "TimeoutException" : e.getCause().toString();
            }
            String fallback = slow.copy().completeOnTimeout("default", 50, TimeUnit.MILLISECONDS).join();
            boolean slowStillRan = "slow".equals(slow.join());
            boolean holds = "b".equals(first) && aPendingAtAny && bothDoneAtAll && "TimeoutException".equals(timeout)
                    && "default".equals(fallback) && slowStillRan;
            return new Observation(holds, List.of(
                    "anyOf completed with \"%s\" after %d ms; allOf after %d ms.".formatted(first, anyAt, allAt),
                    "orTimeout(50 ms) failed with %s; completeOnTimeout gave \"%s\"; the slow work %s.".formatted(timeout,
                            fallback, slowStillRan ? "still ran to its end" : "stopped")));
        }
    }

    private static String sleep(long millis, String result) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result;
    }
}
