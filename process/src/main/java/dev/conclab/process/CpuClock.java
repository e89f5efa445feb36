package dev.conclab.process;

import java.lang.management.ManagementFactory;

/**
 * The worker's whole-process CPU time in nanoseconds, from the JVM's
 * {@code OperatingSystemMXBean}. On Linux the JVM reads it with {@code times(2)}, in clock ticks
 * of 10 ms: coarse for one task, fine for a worker's total, which starts at a few hundred
 * milliseconds of start-up. (A precise {@code clock_gettime} through the FFM API would cost each
 * worker tens of milliseconds of linking at start, and needs {@code --enable-native-access},
 * which stops the JVM from using the optimized module graph in the JDK's class-data archive.)
 * Thread-safe.
 */
final class CpuClock {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuClock() {
    }

    static long nanos() {
        return Math.max(0, OS.getProcessCpuTime());
    }
}
