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

    /**
     * How another JVM constructs this kernel ({@link Recipe.Kernel}). The default names the
     * kernel's own class when it is public with a public no-argument constructor (a kernel
     * without state); a kernel with state overrides it and names a {@link Factory}.
     */
    default java.util.Optional<Recipe.Kernel> recipe() {
        return Recipe.Kernel.of(getClass());
    }

    /** Builds a kernel with state from the arguments of its {@link Recipe.Kernel}; public, with a public no-arg constructor. */
    interface Factory {
        CpuKernel kernel(java.util.List<String> arguments) throws ReflectiveOperationException;
    }

    /** The smallest sensible number of iterations (calibration starts here). */
    default long minimumIterations() {
        return 1;
    }
}
