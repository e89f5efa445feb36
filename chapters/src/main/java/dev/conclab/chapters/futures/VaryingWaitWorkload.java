package dev.conclab.chapters.futures;

import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Computes, then waits a time that varies from task to task around a mean: uniform in
 * {@code [w/2, 3w/2]}, the same for the same index on every run.
 *
 * <p>Why not a fixed wait: tasks that start together with identical CPU and wait phases stay in
 * step, since the scheduler shares the cores fairly and they all finish computing at about the
 * same moment; then every thread waits at once and the cores idle. Such a pool needs far more
 * threads than {@code cores x (1 + w / c)} to keep the cores busy, which says more about the
 * lock-step than about Little's law. Real waits (a database, a remote call) vary, and that spread
 * is what lets a pool of the predicted size overlap one task's wait with another's work.
 */
final class VaryingWaitWorkload implements Workload {

    private final Workload cpu;
    private final long meanWaitNanos;

    VaryingWaitWorkload(Duration cpu, Duration meanWait) {
        this.cpu = Workloads.sumOfSquares(cpu);
        this.meanWaitNanos = meanWait.toNanos();
    }

    /** The wait of task {@code index}: uniform in {@code [w/2, 3w/2]}, fixed per index. */
    long waitNanos(int index) {
        double u = new SplittableRandom(0x9E3779B97F4A7C15L * (index + 1)).nextDouble();
        return (long) (meanWaitNanos * (0.5 + u));
    }

    @Override
    public String id() {
        return "mixed-varying";
    }

    @Override
    public String description() {
        return "sum of squares for %.1f ms of CPU, then a wait of %.1f ms on average (uniform from half to one and a half)"
                .formatted(cpu.unitNanos() / 1e6, meanWaitNanos / 1e6);
    }

    @Override
    public Kind kind() {
        return Kind.MIXED;
    }

    @Override
    public long unitNanos() {
        return cpu.unitNanos() + meanWaitNanos;
    }

    @Override
    public long cpuNanos() {
        return cpu.unitNanos();
    }

    @Override
    public long runUnit(int index) throws Exception {
        long checksum = cpu.runUnit(index);
        Thread.sleep(Duration.ofNanos(waitNanos(index)));
        return checksum;
    }

    @Override
    public Map<String, Object> parameters() {
        var parameters = new LinkedHashMap<>(cpu.parameters());
        parameters.put("cpuNanos", cpu.unitNanos());
        parameters.put("meanWaitNanos", meanWaitNanos);
        parameters.put("waitSpread", "uniform [w/2, 3w/2]");
        return parameters;
    }
}
