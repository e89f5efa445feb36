package dev.conclab.lab.model;

/**
 * A way to run {@code n} independent tasks concurrently: sequentially, one platform thread
 * per task, a fixed pool, a fork/join pool, virtual threads, composed futures, and in later
 * chapters GIL-bound threads, worker processes, an event loop or a task queue.
 *
 * <p><b>Contract of {@link #run}:</b> every index in {@code [0, tasks)} is passed to
 * {@link Task#call} exactly once; {@code run} returns only after every call has returned
 * or thrown, and after every thread the model started for the batch has finished its part,
 * so nothing of one run leaks into the next measurement. Results come back by index. If
 * any call throws, {@code run} throws a {@link TaskFailedException} whose cause is the
 * failure of the lowest failing index, with the others attached as suppressed exceptions.
 *
 * <p><b>Memory visibility:</b> everything a task did happens-before {@code run} returns.
 *
 * <p>Implementations are stateless between runs and safe to use from one thread at a
 * time; each run creates and disposes of its own threads or pools, and that cost is part
 * of what is measured, as it is for a program that does the same.
 */
public interface Model {

    /** One task of a batch: computes the result for {@code index}. */
    @FunctionalInterface
    interface Task {
        long call(int index) throws Exception;
    }

    /** Short stable identifier used on the command line and in reports, for example {@code fixed-pool}. */
    String id();

    /** One line for people, naming the Java API the model stands for. */
    String description();

    /**
     * How many of {@code tasks} this model lets run at the same time (not how many cores
     * it uses). A sequential model gives 1, a pool of {@code p} threads gives
     * {@code min(tasks, p)}, a thread per task gives {@code tasks}.
     */
    int concurrency(int tasks);

    /**
     * Runs tasks {@code 0..tasks-1} and returns their results by index.
     *
     * @throws TaskFailedException if any task threw, after all of them have finished
     * @throws InterruptedException if the calling thread was interrupted while waiting;
     *         the model has then interrupted its tasks and waited for them to finish
     */
    long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException;
}
