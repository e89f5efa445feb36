package dev.conclab.chapters.futures.samples;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The executor kinds, each running the same 500 waits of 50 ms: how long, and how many
 * platform threads each needed. A fixed pool queues, a cached pool starts a thread per
 * concurrent task, a work-stealing pool is a fork/join pool sized to the cores, a virtual
 * executor starts a virtual thread per task.
 */
public final class F09_ExecutorKinds implements Sample {

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
        var kinds = List.of(new Kind("fixed pool of 16", () -> Executors.newFixedThreadPool(16)),
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
                for (int i = 0; i < 500; i++) {
                    executor.submit(() -> {
                        Thread.sleep(50);
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
        // 500 waits of 50 ms on 16 threads take 32 rounds; overlapped, one round.
        return new Observation(fixedMillis > virtualMillis * 5, facts);
    }
}
