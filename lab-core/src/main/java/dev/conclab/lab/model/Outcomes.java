package dev.conclab.lab.model;

/**
 * The results and failures of one batch, filled in by index from the threads (or processes)
 * that ran the tasks, and turned into {@link Model#run}'s answer: the results, or a
 * {@link TaskFailedException} for the lowest failing index with the others suppressed. Each index is written by one thread only; the model makes the writes visible to
 * the caller through the join, future or executor termination it waits on before calling
 * {@link #results()}.
 */
public final class Outcomes {

    private final String model;
    private final long[] results;
    private final Throwable[] failures;

    public Outcomes(String model, int tasks) {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be >= 0, got " + tasks);
        }
        this.model = model;
        this.results = new long[tasks];
        this.failures = new Throwable[tasks];
    }

    public int size() {
        return results.length;
    }

    /**
     * Runs task {@code index} and records its result or its failure; never throws. A task that
     * ends with {@link InterruptedException} leaves its thread's interrupt status set again, so
     * that a model running tasks in a loop sees the interrupt and stops.
     */
    public void run(Model.Task task, int index) {
        try {
            results[index] = task.call(index);
        } catch (Throwable failure) {
            failures[index] = failure;
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void succeed(int index, long result) {
        results[index] = result;
    }

    public void fail(int index, Throwable failure) {
        failures[index] = failure;
    }

    /** The results by index, or a {@link TaskFailedException} if any task failed. */
    public long[] results() throws TaskFailedException {
        TaskFailedException first = null;
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] == null) {
                continue;
            }
            if (first == null) {
                first = new TaskFailedException(model, i, failures[i]);
            } else {
                first.addSuppressed(failures[i]);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }
}
