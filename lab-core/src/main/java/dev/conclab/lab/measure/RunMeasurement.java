package dev.conclab.lab.measure;

import java.util.List;

/**
 * The figures of one run of one model over one batch.
 *
 * @param wallNanos               from the first task handed to the model to the model's return
 * @param cpuNanos                CPU time of the whole JVM process over the run (all threads, JIT and GC included)
 * @param baselinePlatformThreads live platform threads just before the run
 * @param peakPlatformThreads     most live platform threads during the run (virtual threads are not counted)
 * @param peakConcurrentTasks     most tasks running at the same instant
 * @param heapUsedAfterBytes      heap in use right after the run, before any collection
 * @param latencyP50Nanos         per-task completion time since the run began, median
 * @param latencyP90Nanos         ... 90th percentile
 * @param latencyP99Nanos         ... 99th percentile
 * @param latencyMaxNanos         ... slowest task
 * @param timeline                per-task start and end
 * @param results                 the tasks' checksums by index
 */
public record RunMeasurement(long wallNanos, long cpuNanos, int baselinePlatformThreads, int peakPlatformThreads,
                             int peakConcurrentTasks, long heapUsedAfterBytes,
                             long latencyP50Nanos, long latencyP90Nanos, long latencyP99Nanos, long latencyMaxNanos,
                             List<TaskSpan> timeline, long[] results) {

    /** CPU time over the wall time of all cores: 1.0 means every core was busy for the whole run. */
    public double utilisation(int cores) {
        return wallNanos == 0 ? 0 : (double) cpuNanos / ((double) wallNanos * cores);
    }
}
