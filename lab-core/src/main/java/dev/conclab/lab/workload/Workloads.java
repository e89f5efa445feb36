package dev.conclab.lab.workload;

import java.time.Duration;

/** Factory of the standard workloads. CPU workloads are calibrated (once per JVM) when created. */
public final class Workloads {

    private Workloads() {
    }

    /** Sum of squares sized so that one unit takes about {@code unit} of CPU time on this machine. */
    public static Workload sumOfSquares(Duration unit) {
        return cpu(new SumOfSquares(), unit);
    }

    /** SHA-256 hashing sized so that one unit takes about {@code unit} of CPU time on this machine. */
    public static Workload sha256(Duration unit) {
        return cpu(new Sha256(), unit);
    }

    /** Any kernel, calibrated to {@code unit}. */
    public static Workload cpu(CpuKernel kernel, Duration unit) {
        return new CpuWorkload(kernel, Calibration.of(kernel, unit));
    }

    /** Sum of squares for about {@code cpu} of CPU time, then a wait of {@code wait}, per unit. */
    public static Workload mixed(Duration cpu, Duration wait) {
        var kernel = new SumOfSquares();
        return new MixedWorkload(kernel, Calibration.of(kernel, cpu), wait);
    }

    /** A wait of {@code wait} per unit. */
    public static Workload sleep(Duration wait) {
        return new SleepWorkload(wait);
    }
}
