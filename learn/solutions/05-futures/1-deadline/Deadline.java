package exercises.futures.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Exercise 5.1, reference solution.
 */
public final class Deadline {

    private Deadline() {
    }

    /**
     * Runs {@code tasks} on {@code executor}; returns the results of those that finished within
     * {@code deadline}, in the order they finished; cancels (interrupts) the others. Failed tasks
     * are left out.
     */
    public static <T> List<T> collect(ExecutorService executor, List<Callable<T>> tasks, Duration deadline)
            throws InterruptedException {
        var completion = new ExecutorCompletionService<T>(executor);
        var futures = new ArrayList<Future<T>>();
        for (Callable<T> task : tasks) {
            futures.add(completion.submit(task));
        }
        var results = new ArrayList<T>();
        long start = System.nanoTime();
        try {
            for (int received = 0; received < futures.size(); received++) {
                long left = deadline.toNanos() - (System.nanoTime() - start);
                Future<T> next = left > 0 ? completion.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    break;
                }
                try {
                    results.add(next.get());
                } catch (ExecutionException e) {
                    // a failed task is left out
                }
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return results;
    }
}
