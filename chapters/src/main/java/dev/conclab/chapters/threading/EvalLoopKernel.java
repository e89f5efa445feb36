package dev.conclab.chapters.threading;

import dev.conclab.gil.GilRuntime;
import dev.conclab.lab.workload.CpuKernel;

/**
 * Runs another {@link CpuKernel} the way CPython runs Python code: in small steps, with a
 * check of the eval breaker ({@link GilRuntime#checkpoint()}) after each one. Under a GIL
 * runtime that is where a thread lets another in; anywhere else the check costs a scoped-value
 * lookup, so the same kernel runs under every model and the comparison stays fair.
 *
 * <p>The step is a fixed number of the inner kernel's iterations (chosen by
 * {@link GilWorkloads#cpu} to take about {@link GilWorkloads#STEP}), so the result, a mix of
 * the steps' results, depends only on the task index and the iterations: equal for every model.
 * Immutable and thread-safe, as the inner kernel is.
 */
public final class EvalLoopKernel implements CpuKernel {

    private final CpuKernel inner;
    private final long stepIterations;

    public EvalLoopKernel(CpuKernel inner, long stepIterations) {
        if (stepIterations < 1) {
            throw new IllegalArgumentException("a step needs at least one iteration, got " + stepIterations);
        }
        this.inner = inner;
        this.stepIterations = stepIterations;
    }

    /** Iterations of the inner kernel between two checkpoints. */
    public long stepIterations() {
        return stepIterations;
    }

    @Override
    public String id() {
        return inner.id() + "-eval-loop";
    }

    @Override
    public String description() {
        return inner.description() + ", in steps of " + stepIterations + " iterations with a GIL checkpoint after each";
    }

    @Override
    public long run(int index, long iterations) {
        long checksum = 0;
        int step = 0;
        for (long done = 0; done < iterations; step++) {
            long n = Math.min(stepIterations, iterations - done);
            // A different start per step, so the JIT cannot reuse one step's result for the next.
            checksum = checksum * 31 + inner.run(index * 1_009 + step, n);
            done += n;
            GilRuntime.checkpoint();
        }
        return checksum;
    }

    /** Rebuilt in another JVM by {@link Factory} from the inner kernel's class and the step. */
    @Override
    public java.util.Optional<dev.conclab.lab.workload.Recipe.Kernel> recipe() {
        return inner.recipe().filter(k -> k.arguments().isEmpty())
                .map(k -> new dev.conclab.lab.workload.Recipe.Kernel(Factory.class.getName(),
                        java.util.List.of(k.className(), Long.toString(stepIterations))));
    }

    /** Builds an eval-loop kernel from [inner kernel class, step iterations], for worker processes. */
    public static final class Factory implements CpuKernel.Factory {
        @Override
        public CpuKernel kernel(java.util.List<String> arguments) throws ReflectiveOperationException {
            var inner = new dev.conclab.lab.workload.Recipe.Kernel(arguments.get(0), java.util.List.of()).build();
            return new EvalLoopKernel(inner, Long.parseLong(arguments.get(1)));
        }
    }

    @Override
    public long minimumIterations() {
        return Math.max(inner.minimumIterations(), stepIterations);
    }
}
