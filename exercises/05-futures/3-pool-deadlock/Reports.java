package exercises.futures.deadlock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exercise 5.3: reports built from sections, on one bounded pool.
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
        // TODO: each report task waits (get) for sections queued in the same bounded pool: when
        //  every pool thread is a report task, the sections never run. Don't block on the pool.
        var futures = new ArrayList<Future<String>>();
        for (String report : reports) {
            futures.add(pool.submit(() -> {
                Future<String> first = pool.submit(() -> section(report, 1));
                Future<String> second = pool.submit(() -> section(report, 2));
                return first.get() + " + " + second.get();
            }));
        }
        var built = new ArrayList<String>();
        for (Future<String> future : futures) {
            built.add(future.get());
        }
        return built;
    }
}
