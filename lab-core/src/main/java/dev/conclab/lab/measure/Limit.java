package dev.conclab.lab.measure;

import dev.conclab.lab.workload.Workload;

/**
 * The best time this machine allows for {@code tasks} units of a workload under a model
 * that runs {@code concurrency} of them at once, and what sets it.
 *
 * <ul>
 *   <li>CPU work: total work divided by the cores that can be kept busy,
 *       {@code tasks * unit / min(cores, concurrency, tasks)}, and never less than one unit
 *       (a unit cannot be split). Preemptive threads can share cores finely, which is why
 *       this is a division and not a rounding up to whole rounds.</li>
 *   <li>Waits: rounds of {@code concurrency} waits, {@code ceil(tasks / concurrency) * unit};
 *       cores do not matter, since a wait does not use one.</li>
 * </ul>
 *
 * @param nanos the best possible wall time
 * @param bound what sets it
 */
public record Limit(long nanos, Bound bound) {

    public static Limit of(Workload.Kind kind, int tasks, long unitNanos, int concurrency, int cores) {
        if (tasks < 0 || unitNanos < 0 || cores < 1) {
            throw new IllegalArgumentException("need tasks >= 0, unit >= 0, cores >= 1");
        }
        if (tasks == 0) {
            return new Limit(0, Bound.TASKS);
        }
        int running = Math.max(1, Math.min(concurrency, tasks));
        return switch (kind) {
            case CPU -> {
                int busyCores = Math.min(cores, running);
                long nanos = Math.max(unitNanos, Math.round((double) tasks * unitNanos / busyCores));
                Bound bound = running < tasks && running < cores ? Bound.CONCURRENCY
                        : tasks < cores ? Bound.TASKS
                        : Bound.CORES;
                yield new Limit(nanos, bound);
            }
            case WAIT -> {
                long rounds = (tasks + running - 1) / running;
                yield new Limit(rounds * unitNanos, running < tasks ? Bound.CONCURRENCY : Bound.WAIT);
            }
        };
    }
}
