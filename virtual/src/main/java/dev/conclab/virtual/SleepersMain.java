package dev.conclab.virtual;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One crowd of sleeping virtual threads in a fresh JVM, for benchmarks that compare JVM flags:
 * {@code java -cp … dev.conclab.virtual.SleepersMain <threads> <sleep ms> <starters>}. Prints one
 * JSON line: wall time (first start to last finish), time to start them all, heap in use once all
 * had started, the JVM's collection count and time during the run, and how many ran exactly once.
 *
 * <p>{@code starters} platform threads share the starting, since on a machine with more than
 * one core one thread starting a million others is the bottleneck.
 */
public final class SleepersMain {

    private SleepersMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        Duration sleep = Duration.ofMillis(Long.parseLong(args[1]));
        int starters = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // Warm up the paths once, small, so the measured run is not the JIT's first.
        run(10_000, Duration.ofMillis(50), 1);
        System.gc();
        System.out.println(run(n, sleep, starters));
    }

    static String run(int n, Duration sleep, int starters) throws InterruptedException {
        var runs = new AtomicIntegerArray(n);
        var threads = new Thread[n];
        long gcCountBefore = gcCount();
        long gcTimeBefore = gcMillis();
        long t0 = System.nanoTime();
        var lastStart = new AtomicLong();
        var starting = new Thread[starters];
        for (int s = 0; s < starters; s++) {
            int from = (int) ((long) s * n / starters);
            int to = (int) ((long) (s + 1) * n / starters);
            starting[s] = Thread.ofPlatform().start(() -> {
                for (int i = from; i < to; i++) {
                    int index = i;
                    threads[i] = Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(sleep);
                            runs.incrementAndGet(index);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                lastStart.accumulateAndGet(System.nanoTime(), Math::max);
            });
        }
        for (Thread s : starting) {
            s.join();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        int completed = 0;
        for (int i = 0; i < n; i++) {
            completed += runs.get(i) == 1 ? 1 : 0;
        }
        return String.format(java.util.Locale.ROOT,
                "{\"threads\":%d,\"sleepNanos\":%d,\"starters\":%d,\"wallNanos\":%d,\"startNanos\":%d,\"heapAfterStartBytes\":%d,"
                        + "\"gcCount\":%d,\"gcMillis\":%d,\"completed\":%d}",
                n, sleep.toNanos(), starters, wall, lastStart.get() - t0, heap, gcCount() - gcCountBefore,
                gcMillis() - gcTimeBefore, completed);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }
}
