package dev.conclab.lab.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * A {@link ForkJoinPool} of {@code p} workers, fed by divide and conquer: the range of task
 * indices is split in halves until one task is left, and idle workers steal halves from busy
 * ones. Made for CPU work; a worker that sleeps is not replaced (only a
 * {@link ForkJoinPool.ManagedBlocker} would be), so waits run at most {@code p} at a time.
 */
public final class ForkJoinModel implements Model {

    private final int parallelism;

    public ForkJoinModel(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public String id() {
        return "fork-join";
    }

    @Override
    public String description() {
        return "ForkJoinPool(" + parallelism + ") splitting the tasks in halves (RecursiveAction)";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, parallelism);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(id(), tasks);
        // close() on a pool that is not the common pool shuts it down and waits for it.
        try (var pool = new ForkJoinPool(parallelism)) {
            if (tasks > 0) {
                // submit + get rather than invoke: invoke cannot be interrupted.
                var root = pool.submit(new Split(outcomes, task, 0, tasks));
                try {
                    root.get();
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    throw new InterruptedException(id() + " run interrupted");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a split failed outside any task: " + e.getCause(), e.getCause());
                }
            }
        }
        return outcomes.results();
    }

    /** Runs tasks {@code [from, to)}: one directly, more by forking two halves. */
    private static final class Split extends RecursiveAction {
        private final Outcomes outcomes;
        private final Task task;
        private final int from;
        private final int to;

        Split(Outcomes outcomes, Task task, int from, int to) {
            this.outcomes = outcomes;
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                outcomes.run(task, from);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new Split(outcomes, task, from, middle), new Split(outcomes, task, middle, to));
        }
    }
}
