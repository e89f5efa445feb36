package exercises.basics.rightexecutor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exercise 1.3, reference solution.
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
        return Executors.newVirtualThreadPerTaskExecutor();
    }
}
