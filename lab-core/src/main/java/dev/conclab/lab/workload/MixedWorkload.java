package dev.conclab.lab.workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes, then waits: a calibrated CPU kernel followed by a sleep, the shape of most request
 * handlers (parse, then call a database; or call, then render). With CPU time {@code c} and wait
 * {@code w} per unit, a pool needs about {@code cores x (1 + w / c)} threads to keep every core
 * busy: Little's law, and the subject of chapter 5's pool-sizing experiment.
 */
final class MixedWorkload implements Workload {

    private final CpuKernel kernel;
    private final Calibration.Result cpu;
    private final Duration wait;

    MixedWorkload(CpuKernel kernel, Calibration.Result cpu, Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must be >= 0, got " + wait);
        }
        this.kernel = kernel;
        this.cpu = cpu;
        this.wait = wait;
    }

    @Override
    public String id() {
        return "mixed";
    }

    @Override
    public String description() {
        return "%s for %.1f ms of CPU, then a wait of %.1f ms".formatted(kernel.id(), cpu.unitNanos() / 1e6, wait.toNanos() / 1e6);
    }

    @Override
    public Kind kind() {
        return Kind.MIXED;
    }

    @Override
    public long unitNanos() {
        return cpu.unitNanos() + wait.toNanos();
    }

    @Override
    public long cpuNanos() {
        return cpu.unitNanos();
    }

    @Override
    public long runUnit(int index) throws InterruptedException {
        long checksum = kernel.run(index, cpu.iterations());
        Thread.sleep(wait);
        return checksum;
    }

    @Override
    public java.util.Optional<Recipe> recipe() {
        return kernel.recipe().map(k -> new Recipe(k, cpu.iterations(), wait.toNanos()));
    }

    @Override
    public Map<String, Object> parameters() {
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("iterations", cpu.iterations());
        parameters.put("cpuNanos", cpu.unitNanos());
        parameters.put("waitNanos", wait.toNanos());
        return parameters;
    }
}
