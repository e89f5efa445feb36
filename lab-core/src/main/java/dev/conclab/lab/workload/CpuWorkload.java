package dev.conclab.lab.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link CpuKernel} sized by {@link Calibration}: each unit is one call with the calibrated iterations. */
final class CpuWorkload implements Workload {

    private final CpuKernel kernel;
    private final Calibration.Result calibration;

    CpuWorkload(CpuKernel kernel, Calibration.Result calibration) {
        this.kernel = kernel;
        this.calibration = calibration;
    }

    @Override
    public String id() {
        return kernel.id();
    }

    @Override
    public String description() {
        return kernel.description();
    }

    @Override
    public Kind kind() {
        return Kind.CPU;
    }

    @Override
    public long unitNanos() {
        return calibration.unitNanos();
    }

    @Override
    public long runUnit(int index) {
        return kernel.run(index, calibration.iterations());
    }

    @Override
    public java.util.Optional<Recipe> recipe() {
        return kernel.recipe().map(k -> new Recipe(k, calibration.iterations(), 0));
    }

    @Override
    public Map<String, Object> parameters() {
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("iterations", calibration.iterations());
        parameters.put("targetNanos", calibration.targetNanos());
        parameters.put("calibratedNanos", calibration.unitNanos());
        return parameters;
    }
}
