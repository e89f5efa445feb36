package dev.conclab.lab.bench;

import dev.conclab.lab.experiment.ProgressListener;

/**
 * A speed goal of the project, measured on the running machine by {@code conclab bench <id>}
 * and written to {@code bench/results/<id>.json}. Benchmarks are not tests: they report what
 * they measured and whether each goal was met, and the test suite runs them only at
 * {@link Size#SMOKE} size to check that they work.
 *
 * <p>Found with {@link java.util.ServiceLoader} (see {@link Benchmarks}).
 */
public interface Benchmark {

    /** How much to measure. */
    enum Size {
        /** The real measurement, the one whose figures count. */
        FULL,
        /** Seconds at most: checks the benchmark works; its figures mean little. */
        SMOKE
    }

    /** Short stable name: {@code conclab bench basics}. */
    String id();

    /** One line: what is measured. */
    String description();

    BenchResult run(Size size, ProgressListener progress) throws Exception;
}
