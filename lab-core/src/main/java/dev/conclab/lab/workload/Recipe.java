package dev.conclab.lab.workload;

import dev.conclab.lab.model.Model;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How another JVM rebuilds a workload's unit without calibrating again, so that unit {@code i}
 * computes the same checksum there as here: the kernel (how to construct it), the calibrated
 * iterations, and the wait. Models that run units in worker processes send a recipe instead of
 * the workload, which is an object of this JVM. A recipe holds only names and numbers.
 *
 * <p>A unit rebuilt from a recipe runs {@code kernel.run(index, iterations)} and then waits
 * {@code waitNanos} (the standard CPU and mixed workloads), or, without a kernel, waits and
 * returns {@code index} (the standard sleep workload).
 *
 * @param kernel     how to construct the kernel, or null for a pure wait
 * @param iterations kernel iterations per unit (ignored without a kernel)
 * @param waitNanos  the wait after the kernel, 0 for none
 */
public record Recipe(Kernel kernel, long iterations, long waitNanos) {

    /**
     * How to construct a kernel: {@code className} names a public class with a public
     * no-argument constructor that is either the kernel itself ({@code arguments} empty) or a
     * {@link CpuKernel.Factory} that builds it from {@code arguments}.
     */
    public record Kernel(String className, List<String> arguments) {
        public Kernel {
            Objects.requireNonNull(className, "className");
            arguments = List.copyOf(arguments);
        }

        /** The kernel of a class that needs no arguments, if {@code type} is public with a public no-arg constructor. */
        public static java.util.Optional<Kernel> of(Class<? extends CpuKernel> type) {
            try {
                if (Modifier.isPublic(type.getModifiers()) && Modifier.isPublic(type.getConstructor().getModifiers())
                        && (type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers()))) {
                    return java.util.Optional.of(new Kernel(type.getName(), List.of()));
                }
            } catch (NoSuchMethodException e) {
                // falls through: not rebuildable by name
            }
            return java.util.Optional.empty();
        }

        /** Constructs the kernel in this JVM. */
        public CpuKernel build() throws ReflectiveOperationException {
            Object made = Class.forName(className).getConstructor().newInstance();
            return switch (made) {
                case CpuKernel k when arguments.isEmpty() -> k;
                case CpuKernel.Factory f -> f.kernel(arguments);
                default -> throw new IllegalArgumentException(className + " is neither a CpuKernel without arguments nor a CpuKernel.Factory");
            };
        }
    }

    public Recipe {
        if (iterations < 0 || waitNanos < 0) {
            throw new IllegalArgumentException("iterations and wait must be >= 0, got " + iterations + " and " + waitNanos);
        }
    }

    /** The same recipe followed by a wait of {@code wait}. */
    public Recipe withWait(Duration wait) {
        return new Recipe(kernel, iterations, wait.toNanos());
    }

    /**
     * Rebuilds the unit in this JVM: a task that computes unit {@code index}'s checksum.
     *
     * @throws ReflectiveOperationException if the kernel's class cannot be loaded or constructed here
     */
    public Model.Task unit() throws ReflectiveOperationException {
        CpuKernel k = kernel == null ? null : kernel.build();
        Duration wait = Duration.ofNanos(waitNanos);
        if (k == null) {
            return index -> {
                Thread.sleep(wait);
                return index;
            };
        }
        return index -> {
            long checksum = k.run(index, iterations);
            if (waitNanos > 0) {
                Thread.sleep(wait);
            }
            return checksum;
        };
    }
}
