package dev.conclab.lab.workload;

import java.util.Map;

/**
 * A unit of work with a known cost, repeated {@code n} times by an experiment.
 *
 * <p>A workload is either CPU-bound (it keeps a core busy for {@link #unitNanos()})
 * or wait-bound (it blocks for {@link #unitNanos()} without using a core). The cost is
 * calibrated on the running machine when the workload is created, so that "one unit"
 * means the same wall time on a laptop and on a server.
 *
 * <p>Each unit returns a checksum that depends on its index, so a model that skips,
 * repeats or mixes up tasks is caught by comparing results, and so the JIT compiler
 * cannot discard the work.
 *
 * <p><b>Thread safety:</b> implementations are immutable; {@link #runUnit(int)} may be
 * called from any number of threads at once.
 */
public interface Workload {

    /** Whether a unit needs a core or only time. */
    enum Kind {
        /** Keeps one core busy for the whole unit: parallelism is bounded by cores. */
        CPU,
        /** Blocks without using a core: overlap is bounded only by concurrency. */
        WAIT,
        /** Computes for {@link #cpuNanos()}, then waits for {@link #waitNanos()}: a typical request handler. */
        MIXED
    }

    /** Short stable identifier, for example {@code sum-of-squares}. */
    String id();

    /** One sentence for people. */
    String description();

    Kind kind();

    /** The measured cost of one unit on this machine, in nanoseconds: its CPU time plus its wait. */
    long unitNanos();

    /** The part of a unit that needs a core. */
    default long cpuNanos() {
        return switch (kind()) {
            case CPU -> unitNanos();
            case WAIT -> 0;
            case MIXED -> throw new UnsupportedOperationException("a mixed workload must say its CPU part");
        };
    }

    /** The part of a unit spent waiting, without a core. */
    default long waitNanos() {
        return unitNanos() - cpuNanos();
    }

    /**
     * Runs unit {@code index} and returns its checksum. Equal indices give equal checksums.
     *
     * @throws InterruptedException if the thread is interrupted while a wait-bound unit blocks
     * @throws Exception any failure of the unit; models propagate it to the caller
     */
    long runUnit(int index) throws Exception;

    /** The figures that define the unit (iterations, buffer size, wait), for the report. */
    Map<String, Object> parameters();

    /**
     * How another JVM rebuilds this workload's unit with the same checksums (see {@link Recipe}),
     * for models that run units in worker processes; empty, the default, when it cannot be rebuilt.
     */
    default java.util.Optional<Recipe> recipe() {
        return java.util.Optional.empty();
    }
}
