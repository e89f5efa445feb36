package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A task that submits a subtask to its own bounded pool and waits for it can deadlock: when
 * every thread of the pool is such a parent, no thread is left to run the children. The same
 * happens with a {@code ThreadPoolExecutor} in Python. The cures: separate pools for parents
 * and children, a thread per task (virtual threads), or composing instead of waiting.
 */
public final class F10_PoolDeadlock implements Sample {

    @Override
    public String number() {
        return "F10";
    }

    @Override
    public String python() {
        return "ThreadPoolExecutor(2): a task that submits and waits";
    }

    @Override
    public String java() {
        return "newFixedThreadPool(2): parent tasks waiting on children";
    }

    @Override
    public Observation run() throws Exception {
        // Once both pool threads are parents, the children can never run: a short wait proves
        // it. The virtual case finishes at once, so its long guard costs nothing.
        boolean pooledStuck = stuck(() -> Executors.newFixedThreadPool(2), Duration.ofMillis(300));
        boolean virtualStuck = stuck(Executors::newVirtualThreadPerTaskExecutor, Duration.ofSeconds(5));
        return new Observation(pooledStuck && !virtualStuck, List.of(
                "2 parents on a fixed pool of 2, each waiting for a child in the same pool: %s.".formatted(
                        pooledStuck ? "stuck (both parents waiting, nothing finished within 300 ms)" : "finished"),
                "The same on a virtual thread per task: %s.".formatted(virtualStuck ? "stuck" : "finished at once")));
    }

    /** Whether two parents that wait on children in the same executor fail to finish within {@code patience}. */
    private static boolean stuck(Supplier<ExecutorService> executors, Duration patience) throws Exception {
        ExecutorService executor = executors.get();
        try {
            var parents = new ArrayList<Future<String>>();
            var bothRunning = new java.util.concurrent.CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                int index = i;
                parents.add(executor.submit(() -> {
                    bothRunning.countDown();
                    bothRunning.await(1, TimeUnit.SECONDS); // both pool threads are parents now
                    Future<String> child = executor.submit(() -> "child of " + index);
                    return child.get();
                }));
            }
            try {
                long deadline = System.nanoTime() + patience.toNanos();
                for (Future<String> parent : parents) {
                    parent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                return false;
            } catch (TimeoutException e) {
                return true;
            }
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
