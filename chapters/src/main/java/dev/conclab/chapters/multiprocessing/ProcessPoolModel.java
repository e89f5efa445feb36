package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.Outcomes;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.model.WorkloadTask;
import dev.conclab.lab.workload.Recipe;
import dev.conclab.process.ProcessPool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A pool of {@code p} worker JVMs started for the batch and closed after it, the counterpart of
 * Python's {@code with Pool(p) as pool: pool.map(f, range(n))}: the JVMs' start-up, their CPU
 * and the pipe traffic are all part of what is measured, as they are for a program that does
 * the same. Units are sent in chunks of CPython's default size, ⌈n ÷ 4p⌉.
 *
 * <p>A lambda cannot cross a process boundary, so this model runs only batches whose task is a
 * {@link WorkloadTask} with a {@linkplain dev.conclab.lab.workload.Workload#recipe() recipe}:
 * each worker rebuilds the unit ({@link RunUnits}); the units' times and the workers' CPU time
 * (start-up included) are reported back to the task. Any other task is refused with an
 * {@link IllegalArgumentException}.
 *
 * <p>Stateless between runs; use from one thread at a time.
 */
public final class ProcessPoolModel implements Model {

    public static final String ID = "process-pool";

    private final int workers;

    public ProcessPoolModel(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.workers = workers;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a pool of " + workers + " worker JVMs started for the batch (ProcessPool, like multiprocessing.Pool)";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, workers);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        Recipe recipe = recipeOf(task);
        var probe = (WorkloadTask) task;
        var arguments = new ArrayList<List<Object>>(tasks);
        for (int i = 0; i < tasks; i++) {
            arguments.add(RunUnits.argument(recipe, i));
        }
        var outcomes = new Outcomes(id(), tasks);
        ProcessPool pool;
        try {
            pool = ProcessPool.builder().workers(workers).build();
        } catch (IOException e) {
            throw new TaskFailedException(id(), 0, e);
        }
        try (pool) {
            int chunk = Math.max(1, (tasks + 4 * workers - 1) / (4 * workers));
            List<Future<long[]>> futures = pool.mapAsync(RunUnits.class, arguments, chunk);
            for (int i = 0; i < tasks; i++) {
                try {
                    long[] r = futures.get(i).get();
                    outcomes.succeed(i, r[0]);
                    probe.ranElsewhere(i, r[1], r[2], "worker-" + r[3]);
                } catch (ExecutionException e) {
                    outcomes.fail(i, e.getCause());
                    probe.ranElsewhere(i, System.nanoTime(), System.nanoTime(), "failed");
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        } finally {
            // After close every worker has said goodbye with its final CPU figure.
            probe.addCpuElsewhere(pool.workerCpuNanos());
        }
        return outcomes.results();
    }

    static Recipe recipeOf(Task task) {
        if (task instanceof WorkloadTask w) {
            return w.workload().recipe().orElseThrow(() -> new IllegalArgumentException(
                    "the " + ID + " model cannot rebuild workload " + w.workload().id() + " in a worker process (it has no recipe)"));
        }
        throw new IllegalArgumentException("the " + ID + " model runs workload units in worker processes; a lambda ("
                + task.getClass().getName() + ") cannot cross a process boundary");
    }
}
