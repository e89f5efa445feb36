package exercises.basics.rightexecutor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exercise 1.3: the executor for a job whose tasks wait.
 */
public final class WaitJob {

    private WaitJob() {
    }

    /**
     * An executor for {@code tasks} tasks that spend their time waiting, not computing: every
     * task can wait at the same time, and no task needs an operating-system thread of its own.
     * The caller closes it.
     */
    public static ExecutorService executorFor(int tasks) {
        // TODO: this pool is sized for CPU work and runs only `cores` waits at a time.
        //  Choose an executor that lets all the tasks wait at once, cheaply.
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    }
}
