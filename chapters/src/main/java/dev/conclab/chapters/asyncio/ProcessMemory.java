package dev.conclab.chapters.asyncio;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run costs in memory, as the operating system and the heap see it.
 *
 * <ul>
 *   <li>Resident memory (RSS) on Linux: {@code /proc/self/status}. Writing "5" to
 *       {@code /proc/self/clear_refs} resets the peak (VmHWM) to the current RSS, so the peak
 *       growth of one run is VmHWM after it minus RSS before it: thread stacks, socket buffers,
 *       heap pages touched for the first time. The Python peer measures itself the same way.</li>
 *   <li>Heap: the peak usage of each heap pool, reset before the run (an upper bound: the pools
 *       do not peak at the same instant, and garbage not yet collected counts).</li>
 * </ul>
 * Where {@code /proc} is missing (not Linux), RSS figures are -1.
 */
final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    private ProcessMemory() {
    }

    /** Resets the peak RSS and the heap pools' peaks; returns the RSS now, or -1. */
    static long resetPeaks() {
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return -1;
        }
        return field("VmRSS:");
    }

    /** The peak RSS since the last reset, or -1. */
    static long peakRss() {
        return field("VmHWM:");
    }

    /** Heap in use now (all pools). */
    static long heapUsed() {
        return HEAP.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** Sum of the heap pools' peak usage since the last reset. */
    static long heapPeak() {
        return HEAP.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
