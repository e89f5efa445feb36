package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.measure.Stat;

/** Timing helpers for the chapter's one-off measurements: median, min and max of repeated runs. */
final class Measure {

    /** A piece of work to time. */
    @FunctionalInterface
    interface Run {
        void run() throws Exception;
    }

    private Measure() {
    }

    /** Wall time of {@code run}, in nanoseconds. */
    static long nanos(Run run) throws Exception {
        long t0 = System.nanoTime();
        run.run();
        return System.nanoTime() - t0;
    }

    /** {@code repetitions} timings of {@code run}, as a median with its range. */
    static Stat repeat(int repetitions, Run run) throws Exception {
        long[] t = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            t[i] = nanos(run);
        }
        return Stat.of(t);
    }
}
