package dev.conclab.lab.experiment;

import dev.conclab.lab.measure.Percentiles;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.measure.TaskSpan;

import java.util.List;

/**
 * The measured result of one model at one size: each figure's median and range over the
 * repetitions, the limit the machine sets, and how close the model came to it.
 *
 * @param model               model id
 * @param tasks               tasks in the batch
 * @param concurrency         tasks the model runs at once ({@code Model.concurrency})
 * @param wallNanos           wall time
 * @param cpuNanos            process CPU time
 * @param utilisation         CPU time / (wall time x cores)
 * @param peakPlatformThreads most live platform threads in the JVM during the run
 * @param peakConcurrentTasks most tasks running at the same instant
 * @param heapUsedAfterBytes  heap in use after the run
 * @param latencyNanos        per-task completion time since the run began
 * @param limitNanos          best wall time the machine allows for this model's concurrency
 * @param limitedBy           what sets that limit: cores, concurrency, tasks or wait
 * @param efficiency          limit / median wall time (1.0 = at the limit)
 * @param speedup             sequential median wall time / this median wall time; null without a sequential run
 * @param timeline            per-task spans of the median repetition
 */
public record Cell(String model, int tasks, int concurrency,
                   Stat wallNanos, Stat cpuNanos, Stat utilisation,
                   Stat peakPlatformThreads, Stat peakConcurrentTasks, Stat heapUsedAfterBytes,
                   Percentiles latencyNanos,
                   long limitNanos, String limitedBy, double efficiency, Double speedup,
                   List<TaskSpan> timeline) {

    /** A copy with the speedup against {@code sequentialWallNanos} filled in. */
    public Cell withSpeedup(double sequentialWallNanos) {
        return new Cell(model, tasks, concurrency, wallNanos, cpuNanos, utilisation, peakPlatformThreads,
                peakConcurrentTasks, heapUsedAfterBytes, latencyNanos, limitNanos, limitedBy, efficiency,
                sequentialWallNanos / wallNanos.median(), timeline);
    }
}
