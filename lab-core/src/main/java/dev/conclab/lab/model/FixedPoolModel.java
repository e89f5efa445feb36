package dev.conclab.lab.model;

import java.util.concurrent.Executors;

/**
 * A fixed pool of platform threads ({@link Executors#newFixedThreadPool}), the
 * counterpart of Python's {@code ThreadPoolExecutor(max_workers=p)}. Tasks beyond the pool
 * size wait in the pool's queue, so at most {@code p} run at once: right for CPU work with
 * {@code p = cores}, too few for waits.
 */
public final class FixedPoolModel implements Model {

    private final int poolSize;

    public FixedPoolModel(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, got " + poolSize);
        }
        this.poolSize = poolSize;
    }

    @Override
    public String id() {
        return "fixed-pool";
    }

    @Override
    public String description() {
        return "fixed pool of " + poolSize + " platform threads (Executors.newFixedThreadPool)";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, poolSize);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var executor = Executors.newFixedThreadPool(poolSize, Thread.ofPlatform().name("conclab-pool-", 0).factory());
        return ExecutorRun.runAll(id(), executor, tasks, task);
    }
}
