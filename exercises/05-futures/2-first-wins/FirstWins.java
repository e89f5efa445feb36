package exercises.futures.first;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exercise 5.2: the first successful answer, and the rest cancelled.
 */
public final class FirstWins {

    private FirstWins() {
    }

    /**
     * Runs every replica on {@code executor} and returns the first successful answer; replicas
     * still running are cancelled (interrupted) before this returns.
     *
     * @throws ExecutionException if every replica failed
     */
    public static String first(ExecutorService executor, List<Callable<String>> replicas)
            throws InterruptedException, ExecutionException {
        // TODO: this waits for the replicas in the order they were given, and leaves the others
        //  running. Take the first to *complete* successfully and cancel the rest.
        var futures = new ArrayList<Future<String>>();
        for (Callable<String> replica : replicas) {
            futures.add(executor.submit(replica));
        }
        ExecutionException last = null;
        for (Future<String> future : futures) {
            try {
                return future.get();
            } catch (ExecutionException e) {
                last = e;
            }
        }
        throw last;
    }
}
