package exercises.gevent.bounded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Exercise 7.1, reference solution: a thread per call, a semaphore at the door.
 */
public final class Limited {

    private Limited() {
    }

    /**
     * Runs every call on a virtual thread of its own, with never more than {@code limit} of them
     * inside a call at once, and returns their results in the order of {@code calls}.
     */
    public static <T> List<T> callAll(List<Callable<T>> calls, int limit) throws Exception {
        var permits = new Semaphore(limit);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<T>>();
            for (Callable<T> call : calls) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return call.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
