package dev.conclab.virtual;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;

/**
 * Memory of this process, split the way a waiting thread uses it: heap in use (its Thread
 * object, and for a virtual thread its stack, copied to the heap while it waits) and native
 * memory outside the heap (a platform thread's stack, kernel and JVM structures). Differences
 * of two snapshots around a crowd of waiting threads give the cost of one waiting thread.
 *
 * <p>Native memory is the resident set size minus the part of the heap that is resident, both
 * from /proc/self/smaps: the heap is the contiguous run of anonymous mappings that spans the
 * heap's reservation. Subtracting the <em>committed</em> heap instead goes wrong both ways:
 * committed heap pages the collector has not touched yet are not resident, so the figure went
 * negative when a crowd made the heap grow; and a collector that uncommits heap between two
 * snapshots would look like native memory freed. Where smaps does not show the heap, the
 * committed heap is subtracted after all.
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
        long[] residentAndHeap = residentAndHeapResident();
        long resident = residentAndHeap[0];
        long heapResident = residentAndHeap[1] >= 0 ? residentAndHeap[1] : heap.getCommitted();
        return new ProcessMemory(heap.getUsed(), resident - heapResident, resident >= 0);
    }

    /**
     * Resident bytes of the whole process and of the heap's mappings, from /proc/self/smaps;
     * {@code {-1, -1}} where there is no smaps, and {@code {rss, -1}} if the heap's run of
     * mappings was not found.
     */
    static long[] residentAndHeapResident() {
        long reservation = Runtime.getRuntime().maxMemory();
        long total = 0;
        long bestSpan = 0;
        long bestResident = -1;
        long runStart = -1;
        long runEnd = -1;
        long runResident = 0;
        boolean inRun = false;
        try (var lines = Files.lines(Path.of("/proc/self/smaps"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = MAPPING.matcher(line);
                if (m.matches()) {
                    long start = Long.parseUnsignedLong(m.group(1), 16);
                    long end = Long.parseUnsignedLong(m.group(2), 16);
                    boolean anonymous = m.group(3).isBlank();
                    if (anonymous && inRun && start == runEnd) {
                        runEnd = end;
                    } else {
                        if (inRun && runEnd - runStart > bestSpan) {
                            bestSpan = runEnd - runStart;
                            bestResident = runResident;
                        }
                        inRun = anonymous;
                        runStart = start;
                        runEnd = end;
                        runResident = 0;
                    }
                } else if (line.startsWith("Rss:")) {
                    long bytes = Long.parseLong(line.substring(4).trim().split("\\s+")[0]) * 1024;
                    total += bytes;
                    if (inRun) {
                        runResident += bytes;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[]{-1, -1};
        }
        if (inRun && runEnd - runStart > bestSpan) {
            bestSpan = runEnd - runStart;
            bestResident = runResident;
        }
        // The run must span (nearly) the whole reservation: G1 reserves it in one piece.
        return new long[]{total, bestSpan >= reservation * 9 / 10 ? bestResident : -1};
    }

    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) \\S+ \\S+ \\S+ \\S+\\s*(.*)$");

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
