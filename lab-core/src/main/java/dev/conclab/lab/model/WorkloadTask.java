package dev.conclab.lab.model;

import dev.conclab.lab.workload.Workload;

/**
 * The task of a batch whose units belong to a known {@link Workload}, as the harness passes it to
 * {@link Model#run} (its {@link dev.conclab.lab.measure.RunProbe} is one).
 *
 * <p>Most models simply {@link #call} it. A model that runs units outside this JVM (worker
 * processes, where a lambda cannot go) instead rebuilds the units there from
 * {@link Workload#recipe()}, and reports back, so the measurement stays whole: each unit through
 * {@link #ranElsewhere}, exactly once per index, in place of {@code call}, and the CPU time its
 * other processes spent for the batch through {@link #addCpuElsewhere}. The contract of
 * {@link Model#run} is otherwise unchanged: results come back by index, and every report is made
 * before {@code run} returns.
 */
public interface WorkloadTask extends Model.Task {

    /** The workload whose units the batch runs. */
    Workload workload();

    /**
     * Records that unit {@code index} ran in another process from {@code startNanos} to
     * {@code endNanos} ({@link System#nanoTime()} readings of this JVM, or of a clock that agrees
     * with it, as {@code CLOCK_MONOTONIC} does across processes on Linux), on {@code lane}
     * (e.g. {@code "worker-1234"}). Thread-safe; at most once per index.
     */
    void ranElsewhere(int index, long startNanos, long endNanos, String lane);

    /** Adds CPU time spent by other processes for this batch (workers' start-up included). Thread-safe. */
    void addCpuElsewhere(long nanos);
}
