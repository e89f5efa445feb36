package dev.conclab.chapters.futures.samples;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The executor kinds, each running the same 48 waits of 20 ms: how long, and how many
 * platform threads each needed. A fixed pool queues, a cached pool starts a thread per
 * concurrent task, a work-stealing pool is a fork/join pool sized to the cores (and a sleeping
 * task is not replaced, so it takes a round per core), a virtual executor starts a virtual
 * thread per task.
 */
public final class F09_ExecutorKinds implements Sample {

    private static final int WAITS = 48;
    private static final int FIXED = 16;

    @Override
    public String number() {
        return "F09";
    }

    @Override
    public String python() {
        return "ThreadPoolExecutor(max_workers=n)";
    }

    @Override
    public String java() {
        return "newFixedThreadPool / newCachedThreadPool / newWorkStealingPool / newVirtualThreadPerTaskExecutor";
    }

    @Override
    public Observation run() throws Exception {
        record Kind(String name, Supplier<ExecutorService> executor) {
        }
        var kinds = List.of(new Kind("fixed pool of " + FIXED, () -> Executors.newFixedThreadPool(FIXED)),
                new Kind("cached pool", Executors::newCachedThreadPool),
                new Kind("work-stealing pool", Executors::newWorkStealingPool),
                new Kind("virtual thread per task", Executors::newVirtualThreadPerTaskExecutor));
        var facts = new ArrayList<String>();
        var threads = ManagementFactory.getThreadMXBean();
        long virtualMillis = 0;
        long fixedMillis = 0;
        for (Kind kind : kinds) {
            threads.resetPeakThreadCount();
            int before = threads.getThreadCount();
            long t0 = System.nanoTime();
            try (var executor = kind.executor().get()) {
                for (int i = 0; i < WAITS; i++) {
                    executor.submit(() -> {
                        Thread.sleep(20);
                        return null;
                    });
                }
            }
            long millis = Slow.millisSince(t0);
            if (kind.name().startsWith("virtual")) {
                virtualMillis = millis;
            } else if (kind.name().startsWith("fixed")) {
                fixedMillis = millis;
            }
            facts.add("%s: %d ms, %d more platform threads at the peak.".formatted(kind.name(), millis,
                    Math.max(0, threads.getPeakThreadCount() - before)));
        }
        // 48 waits of 20 ms on 16 threads cannot take less than 3 rounds; a virtual thread each
        // overlaps them all, so it must beat that.
        int rounds = (WAITS + FIXED - 1) / FIXED;
        return new Observation(fixedMillis >= rounds * 20L && virtualMillis < fixedMillis, facts);
    }
}
