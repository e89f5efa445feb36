package exercises.futures.first;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exercise 5.2, reference solution: completion order, then cancel the rest.
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
        var completion = new ExecutorCompletionService<String>(executor);
        var futures = new ArrayList<Future<String>>();
        for (Callable<String> replica : replicas) {
            futures.add(completion.submit(replica));
        }
        ExecutionException last = null;
        try {
            for (int i = 0; i < futures.size(); i++) {
                try {
                    return completion.take().get();
                } catch (ExecutionException e) {
                    last = e;
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }
}
