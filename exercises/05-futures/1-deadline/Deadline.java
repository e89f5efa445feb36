package exercises.futures.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exercise 5.1: whatever finishes before a deadline, in the order it finished.
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
        // TODO: this waits for every task, in submission order, however long they take.
        //  Take results as they complete, stop at the deadline, and cancel what is left.
        var futures = new ArrayList<Future<T>>();
        for (Callable<T> task : tasks) {
            futures.add(executor.submit(task));
        }
        var results = new ArrayList<T>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                // a failed task is left out
            }
        }
        return results;
    }
}
