package dev.conclab.virtual;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Crowds of waiting threads, virtual or platform, measured: how fast they start, what each
 * costs in memory while it waits, how late sleepers wake up, and where the operating system
 * says no.
 *
 * <p>Platform threads are operating-system threads: each takes a process id from the system's
 * pool ({@code kernel.pid_max}) and two memory mappings ({@code vm.max_map_count}). Starting
 * more than the machine has would make other programs on it fail to start, so platform crowds
 * stop at {@link #platformHeadroom()} and report the limit that stopped them; a failure that
 * comes earlier (an {@code OutOfMemoryError: unable to create native thread}) is reported as it
 * happened. Virtual threads have no such limit but the heap.
 *
 * <p>One crowd at a time per JVM: the memory figures are process-wide.
 */
public final class ThreadScale {

    /** Which threads make the crowd. */
    public enum Kind {
        VIRTUAL, PLATFORM;

        Thread.Builder builder() {
            return this == VIRTUAL ? Thread.ofVirtual().name("crowd-v-", 0) : Thread.ofPlatform().name("crowd-p-", 0);
        }
    }

    /** Process ids and mappings left for other programs when a platform crowd stops. */
    static final int SAFETY_MARGIN = 4096;

    private ThreadScale() {
    }

    /**
     * A crowd of threads that all wait at once.
     *
     * @param kind          virtual or platform
     * @param requested     threads asked for
     * @param started       threads that did start
     * @param stoppedBy     why fewer started, or null when all did
     * @param startNanos    time to start them all
     * @param growth        memory held while all wait, beyond what was held before
     * @param finishNanos   from releasing them to the last one finished
     * @param completed     threads whose task ran to the end, each exactly once
     */
    public record Crowd(Kind kind, int requested, int started, String stoppedBy, long startNanos, ProcessMemory growth,
                        long finishNanos, int completed) {

        /** Threads started per second. */
        public double startRate() {
            return started == 0 ? 0 : started / (startNanos / 1e9);
        }

        public double heapBytesPerThread() {
            return started == 0 ? 0 : (double) growth.heapUsedBytes() / started;
        }

        /** Native memory (outside the heap) per thread: NaN if the OS does not say. */
        public double nativeBytesPerThread() {
            return started == 0 || !growth.nativeKnown() ? Double.NaN : (double) growth.nativeBytes() / started;
        }

        /** Heap and native memory per thread together. */
        public double totalBytesPerThread() {
            return started == 0 ? 0 : (double) growth.totalBytes() / started;
        }
    }

    /** Starts {@code n} threads that wait on one latch, measures them waiting, releases and joins them. */
    public static Crowd crowd(Kind kind, int n) throws InterruptedException {
        int allowed = kind == Kind.PLATFORM ? Math.min(n, platformHeadroom()) : n;
        String stoppedBy = allowed < n ? "stopped at " + allowed + " to leave the machine " + SAFETY_MARGIN
                + " threads to spare: " + platformLimits() : null;
        var release = new CountDownLatch(1);
        var runs = new AtomicIntegerArray(allowed);
        var threads = new ArrayList<Thread>(allowed);
        ProcessMemory before = ProcessMemory.snapshot();
        Thread.Builder builder = kind.builder();
        long t0 = System.nanoTime();
        for (int i = 0; i < allowed; i++) {
            int index = i;
            try {
                threads.add(builder.start(() -> {
                    try {
                        release.await();
                        runs.incrementAndGet(index);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            } catch (OutOfMemoryError e) {
                stoppedBy = "failed at thread " + (i + 1) + ": " + e;
                break;
            }
        }
        long startNanos = System.nanoTime() - t0;
        ProcessMemory growth = before.growthTo(ProcessMemory.snapshot());
        long released = System.nanoTime();
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long finishNanos = System.nanoTime() - released;
        int completed = 0;
        for (int i = 0; i < threads.size(); i++) {
            if (runs.get(i) == 1) {
                completed++;
            }
        }
        return new Crowd(kind, n, threads.size(), stoppedBy, startNanos, growth, finishNanos, completed);
    }

    /**
     * A crowd of sleepers: each thread sleeps {@code sleep} from its own start.
     *
     * @param wallNanos   from the first start to the last thread finished
     * @param lateP50     how late a sleeper woke (past its due time), median, in nanoseconds
     * @param lateP99     … 99th percentile
     * @param lateMax     … the latest
     * @param completed   sleepers that ran to the end exactly once
     * @param peakHeapBytes heap in use after all were started (before collection), a bound on what they held
     */
    public record Sleepers(Kind kind, int n, Duration sleep, long wallNanos, long lateP50, long lateP99, long lateMax,
                           int completed, long peakHeapBytes) {
    }

    /** Starts {@code n} threads that each sleep {@code sleep}, and waits for all of them. */
    public static Sleepers sleep(Kind kind, int n, Duration sleep) throws InterruptedException {
        if (kind == Kind.PLATFORM && n > platformHeadroom()) {
            throw new IllegalArgumentException(n + " platform threads would exceed what this machine allows ("
                    + platformLimits() + ")");
        }
        var runs = new AtomicIntegerArray(n);
        long[] lateness = new long[n];
        var threads = new Thread[n];
        Thread.Builder builder = kind.builder();
        long sleepNanos = sleep.toNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = builder.start(() -> {
                long due = System.nanoTime() + sleepNanos;
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                lateness[index] = System.nanoTime() - due;
                runs.incrementAndGet(index);
            });
        }
        long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (Thread thread : threads) {
            thread.join();
        }
        long wall = System.nanoTime() - t0;
        var histogram = new Histogram(3);
        int completed = 0;
        for (int i = 0; i < n; i++) {
            if (runs.get(i) == 1) {
                completed++;
                histogram.recordValue(Math.max(0, lateness[i]));
            }
        }
        return new Sleepers(kind, n, sleep, wall, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getMaxValue(), completed, heap);
    }

    /**
     * How many more platform threads this process may start and still leave the machine
     * {@link #SAFETY_MARGIN} process ids and memory mappings: the least of what
     * {@code kernel.pid_max}, {@code kernel.threads-max} and {@code vm.max_map_count} leave.
     * Where /proc does not tell (not Linux), 10,000.
     */
    public static int platformHeadroom() {
        long pidMax = readLong("/proc/sys/kernel/pid_max");
        long threadsMax = readLong("/proc/sys/kernel/threads-max");
        long mapMax = readLong("/proc/sys/vm/max_map_count");
        long running = systemThreads();
        long maps = lineCount("/proc/self/maps");
        if (pidMax < 0 || threadsMax < 0 || mapMax < 0 || running < 0 || maps < 0) {
            return 10_000;
        }
        long byPids = Math.min(pidMax, threadsMax) - running - SAFETY_MARGIN;
        long byMaps = (mapMax - maps - SAFETY_MARGIN) / 2; // each thread stack: the stack and its guard page
        return (int) Math.max(0, Math.min(byPids, byMaps));
    }

    /** The kernel's limits, as one line for reports. */
    public static String platformLimits() {
        return "kernel.pid_max=" + readLong("/proc/sys/kernel/pid_max") + ", kernel.threads-max="
                + readLong("/proc/sys/kernel/threads-max") + ", vm.max_map_count=" + readLong("/proc/sys/vm/max_map_count")
                + ", threads running on the machine=" + systemThreads();
    }

    private static long systemThreads() {
        try {
            // The fourth field of /proc/loadavg is "runnable/total scheduling entities" (threads).
            String[] fields = firstLine("/proc/loadavg").split("\\s+");
            return Long.parseLong(fields[3].substring(fields[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long readLong(String file) {
        try {
            return Long.parseLong(firstLine(file));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The first line of a file; /proc files report size 0, which Files.readString trusts, so read by lines. */
    private static String firstLine(String file) throws IOException {
        try (var reader = Files.newBufferedReader(Path.of(file))) {
            String line = reader.readLine();
            if (line == null) {
                throw new IOException(file + " is empty");
            }
            return line.trim();
        }
    }

    private static long lineCount(String file) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
