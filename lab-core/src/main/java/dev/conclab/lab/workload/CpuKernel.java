package dev.conclab.lab.workload;

/**
 * A pure CPU computation whose cost grows linearly with {@code iterations}.
 *
 * <p>Kernels allocate nothing per iteration and touch no shared mutable state, so that
 * threads running them in parallel do not contend: any slowdown measured with them
 * comes from the concurrency model, not from the kernel.
 */
public interface CpuKernel {

    String id();

    String description();

    /** Runs the kernel for {@code iterations} steps; the result depends on {@code index}. */
    long run(int index, long iterations);

    /** The smallest sensible number of iterations (calibration starts here). */
    default long minimumIterations() {
        return 1;
    }
}
