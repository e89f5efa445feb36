package dev.conclab.lab.measure;

import dev.conclab.lab.workload.Workload;

/**
 * The best time this machine allows for {@code tasks} units of a workload under a model that
 * runs {@code concurrency} of them at once, and what sets it.
 *
 * <p>A unit needs {@code c} of a core's time and waits {@code w} without one. Two things bound
 * the time of a batch, and the larger wins:
 * <ul>
 *   <li>the cores: all the CPU work divided by the cores that can be kept busy,
 *       {@code tasks * c / min(cores, concurrency, tasks)} (preemptive threads share cores
 *       finely, which is why this is a division and not whole rounds);</li>
 *   <li>the rounds: a unit cannot be split, and the model runs {@code concurrency} at a time, so
 *       {@code ceil(tasks / concurrency) * (c + w)}.</li>
 * </ul>
 * For pure CPU work ({@code w = 0}) this is {@code max(n c / min(cores, k, n), ceil(n / k) c)}; for
 * pure waits ({@code c = 0}), {@code ceil(n / k) w}, whatever the cores.
 *
 * @param nanos the best possible wall time
 * @param bound what sets it
 */
public record Limit(long nanos, Bound bound) {

    /** The limit of a CPU-only ({@link Workload.Kind#CPU}) or wait-only ({@link Workload.Kind#WAIT}) unit. */
    public static Limit of(Workload.Kind kind, int tasks, long unitNanos, int concurrency, int cores) {
        return switch (kind) {
            case CPU -> of(unitNanos, 0, tasks, concurrency, cores);
            case WAIT -> of(0, unitNanos, tasks, concurrency, cores);
            case MIXED -> throw new IllegalArgumentException("a mixed unit needs its CPU and wait parts: use of(cpu, wait, …)");
        };
    }

    /** The limit of a unit of {@code cpuNanos} on a core followed by {@code waitNanos} of waiting. */
    public static Limit of(long cpuNanos, long waitNanos, int tasks, int concurrency, int cores) {
        if (tasks < 0 || cpuNanos < 0 || waitNanos < 0 || cores < 1) {
            throw new IllegalArgumentException("need tasks >= 0, cpu and wait >= 0, cores >= 1");
        }
        if (tasks == 0) {
            return new Limit(0, Bound.TASKS);
        }
        int running = Math.max(1, Math.min(concurrency, tasks));
        int busyCores = Math.min(cores, running);
        long byCores = Math.round((double) tasks * cpuNanos / busyCores);
        long rounds = (tasks + running - 1) / running;
        long byRounds = rounds * (cpuNanos + waitNanos);
        if (cpuNanos > 0 && byCores >= byRounds) {
            Bound bound = busyCores == cores && running >= cores ? Bound.CORES
                    : running < tasks ? Bound.CONCURRENCY : Bound.TASKS;
            return new Limit(byCores, bound);
        }
        Bound bound = running < tasks ? Bound.CONCURRENCY : waitNanos > 0 ? Bound.WAIT : Bound.TASKS;
        return new Limit(byRounds, bound);
    }
}
