package dev.conclab.virtual;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this process, split the way a waiting thread uses it: heap in use (its Thread
 * object, and for a virtual thread its stack, copied to the heap while it waits) and native
 * memory outside the heap (a platform thread's stack, kernel and JVM structures). Differences
 * of two snapshots around a crowd of waiting threads give the cost of one waiting thread.
 *
 * <p>Native memory is the resident set size (from /proc/self/status) minus the committed heap,
 * so a collector that gives heap back to the OS between the snapshots does not make the
 * figure negative.
 *
 * @param heapUsedBytes      heap in use after a collection
 * @param nativeBytes        resident memory outside the committed heap; meaningful only if {@code nativeKnown}
 * @param nativeKnown        whether the OS told the resident size (Linux's /proc does)
 */
public record ProcessMemory(long heapUsedBytes, long nativeBytes, boolean nativeKnown) {

    /**
     * Collects garbage, then reads the figures. Collection makes the heap figure the memory
     * really held (live objects), not garbage that happens not to be collected yet.
     */
    public static ProcessMemory snapshot() {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long resident = resident();
        return new ProcessMemory(heap.getUsed(), resident - heap.getCommitted(), resident >= 0);
    }

    /** Resident set size from /proc/self/status (VmRSS), or -1 where there is no /proc. */
    public static long resident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the resident figure is unknown.
        }
        return -1;
    }

    /** What {@code later} holds beyond this snapshot (negative where memory was given back). */
    public ProcessMemory growthTo(ProcessMemory later) {
        return new ProcessMemory(later.heapUsedBytes - heapUsedBytes, later.nativeBytes - nativeBytes,
                nativeKnown && later.nativeKnown);
    }

    /** Heap and native together: everything held, as far as the OS tells. */
    public long totalBytes() {
        return heapUsedBytes + (nativeKnown ? nativeBytes : 0);
    }
}
