package dev.conclab.chapters.threading;

import dev.conclab.gil.GilRuntime;
import dev.conclab.lab.workload.Calibration;
import dev.conclab.lab.workload.CpuKernel;
import dev.conclab.lab.workload.SumOfSquares;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;

/**
 * Workloads that give a GIL the chances CPython's interpreter gives it: CPU work checks the
 * eval breaker every few microseconds, waits release the GIL. Outside a {@link GilRuntime}
 * they behave like the standard workloads, so every model of a chapter runs the same work.
 */
public final class GilWorkloads {

    /**
     * Work between two checkpoints: well under the shortest switch interval the chapter tries
     * (0.1 ms), so a drop request is honoured within a few percent of the interval; long enough
     * that the checkpoint itself costs well under 1%.
     */
    public static final Duration STEP = Duration.ofNanos(10_000);

    private GilWorkloads() {
    }

    /** {@link SumOfSquares} in eval-loop steps, one unit taking about {@code unit} here. */
    public static Workload sumOfSquares(Duration unit) {
        return cpu(new SumOfSquares(), unit);
    }

    /**
     * {@code kernel} in eval-loop steps of about {@link #STEP}, one unit taking about
     * {@code unit} of CPU on this machine (both calibrated here, once per JVM).
     */
    public static Workload cpu(CpuKernel kernel, Duration unit) {
        return Workloads.cpu(evalLoop(kernel, unit), unit);
    }

    /** The eval-loop form of {@code kernel}, with steps sized from its calibration at {@code unit}. */
    public static EvalLoopKernel evalLoop(CpuKernel kernel, Duration unit) {
        Calibration.Result plain = Calibration.of(kernel, unit);
        long step = Math.round((double) plain.iterations() * STEP.toNanos() / Math.max(1, plain.unitNanos()));
        return new EvalLoopKernel(kernel, Math.max(kernel.minimumIterations(), step));
    }

    /** CPU in eval-loop steps for about {@code cpu}, then a wait of {@code wait} that releases the GIL. */
    public static Workload mixed(Duration cpu, Duration wait) {
        return new GilMixedWorkload(cpu, wait);
    }

    /** {@code time.sleep(wait)}: a wait that releases the GIL. */
    public static Workload sleep(Duration wait) {
        return blocking(Workloads.sleep(wait));
    }

    /** Any wait-bound workload, each unit run as a blocking call that releases the GIL. */
    public static Workload blocking(Workload waits) {
        return new BlockingWorkload(waits);
    }
}
