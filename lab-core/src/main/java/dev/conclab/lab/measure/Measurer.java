package dev.conclab.lab.measure;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.workload.Workload;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * Runs one batch of a workload under one model and measures it. Not thread-safe: one run at
 * a time per JVM, since CPU time, thread counts and heap are process-wide.
 */
public final class Measurer {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /**
     * Runs {@code tasks} units of {@code workload} under {@code model}.
     *
     * @throws TaskFailedException if a task threw
     * @throws IllegalStateException if the model broke its contract (a task ran zero or several times)
     */
    public RunMeasurement measure(Model model, Workload workload, int tasks) throws TaskFailedException, InterruptedException {
        var probe = new RunProbe(workload, tasks);
        int baselineThreads = threads.getThreadCount();
        threads.resetPeakThreadCount();
        long cpuBefore = ProcessCpuClock.nanos();
        probe.begin();
        long started = System.nanoTime();
        long[] results = model.run(tasks, probe);
        long wall = System.nanoTime() - started;
        // Units run in worker processes report the CPU those processes spent (WorkloadTask).
        long cpu = ProcessCpuClock.nanos() - cpuBefore + probe.cpuElsewhere();
        int peakThreads = threads.getPeakThreadCount();
        long heap = memory.getHeapMemoryUsage().getUsed();
        probe.verifyEachRanOnce(model.id());

        var histogram = new Histogram(3);
        for (long latency : probe.latencies()) {
            histogram.recordValue(Math.max(0, latency));
        }
        return new RunMeasurement(wall, Math.max(0, cpu), baselineThreads, peakThreads, probe.peakRunning(), heap,
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                probe.timeline(), results);
    }
}
