package exercises.futures.deadlock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Exercise 5.3, reference solution: compose, and join only outside the pool.
 */
public final class Reports {

    private Reports() {
    }

    /** One section of a report (stands for a query). */
    public static String section(String report, int number) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return report + "#" + number;
    }

    /** Builds every report (its two sections, joined with " + ") on {@code pool}; results in the order given. */
    public static List<String> buildAll(ExecutorService pool, List<String> reports) throws Exception {
        var futures = new ArrayList<CompletableFuture<String>>();
        for (String report : reports) {
            var first = CompletableFuture.supplyAsync(() -> section(report, 1), pool);
            var second = CompletableFuture.supplyAsync(() -> section(report, 2), pool);
            futures.add(first.thenCombine(second, (a, b) -> a + " + " + b));
        }
        var built = new ArrayList<String>();
        for (CompletableFuture<String> future : futures) {
            built.add(future.join());
        }
        return built;
    }
}
