package dev.conclab.lab.model;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * One {@link CompletableFuture#supplyAsync} per task on a fixed pool of {@code p} platform
 * threads, joined with {@link CompletableFuture#allOf}: the style of
 * {@code asyncio.gather} and {@code concurrent.futures} with composition.
 *
 * <p>The pool is explicit on purpose. Without one, {@code supplyAsync} uses the common
 * fork/join pool, whose parallelism is {@code cores - 1}; on a machine with two cores that is
 * below two, and the JDK then starts a new thread per task instead.
 */
public final class CompletableFutureModel implements Model {

    private final int poolSize;

    public CompletableFutureModel(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, got " + poolSize);
        }
        this.poolSize = poolSize;
    }

    @Override
    public String id() {
        return "completable-future";
    }

    @Override
    public String description() {
        return "CompletableFuture.supplyAsync on a fixed pool of " + poolSize + ", joined with allOf";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, poolSize);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(id(), tasks);
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] futures = new CompletableFuture[tasks];
        try (var executor = Executors.newFixedThreadPool(poolSize, Thread.ofPlatform().name("conclab-cf-", 0).factory())) {
            for (int i = 0; i < tasks; i++) {
                int index = i;
                futures[i] = CompletableFuture.supplyAsync(() -> {
                    try {
                        return task.call(index);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, executor);
            }
            // allOf completes when every future has, normally or not; handle() keeps one
            // failure from hiding the others, which are read one by one below. get(), unlike
            // join(), can be interrupted.
            try {
                CompletableFuture.allOf(futures).handle((ignored, failure) -> null).get();
            } catch (InterruptedException e) {
                executor.shutdownNow();
                throw new InterruptedException(id() + " run interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("handle() cannot fail: " + e.getCause(), e.getCause());
            }
        }
        for (int i = 0; i < tasks; i++) {
            try {
                outcomes.succeed(i, futures[i].join());
            } catch (CompletionException e) {
                outcomes.fail(i, e.getCause() != null ? e.getCause() : e);
            } catch (CancellationException e) {
                outcomes.fail(i, e);
            }
        }
        return outcomes.results();
    }
}
