package exercises.gevent.bounded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exercise 7.1: run many calls on virtual threads, at most {@code limit} at a time.
 */
public final class Limited {

    private Limited() {
    }

    /**
     * Runs every call on a virtual thread of its own, with never more than {@code limit} of them
     * inside a call at once, and returns their results in the order of {@code calls}.
     */
    public static <T> List<T> callAll(List<Callable<T>> calls, int limit) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<T>>();
            for (Callable<T> call : calls) {
                // TODO: every call starts at once here: let at most `limit` in at a time.
                futures.add(executor.submit(call));
            }
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
