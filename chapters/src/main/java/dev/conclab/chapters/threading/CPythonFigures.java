package dev.conclab.chapters.threading;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conclab.lab.measure.Stat;

import java.util.List;
import java.util.Optional;

/**
 * What {@code peers/python/ch02_threading.py} measured with real CPython, as it prints it
 * (times in nanoseconds). Parts the peer was not asked to run are null.
 *
 * @param label  the interpreter, e.g. "CPython 3.11.2" or "CPython 3.13.1 (free-threaded)"
 * @param python the interpreter's own description of itself
 * @param cores  {@code os.cpu_count()}
 * @param cpu    sum of squares, sequential and one thread per task
 * @param waits  {@code time.sleep}, the same way (JSON {@code wait})
 * @param convoy the echo server alone and next to CPU hogs
 * @param sweep  the same at several switch intervals
 */
public record CPythonFigures(String label, Python python, int cores, Grid cpu, @JsonProperty("wait") Grid waits,
                             Convoy convoy, Sweep sweep) {

    /** {@code sys.version}, the build, and whether the GIL is on. */
    public record Python(String version, String implementation, boolean freeThreaded, boolean gilEnabled,
                         double switchIntervalSeconds) {
    }

    /** Wall times by size, one list per model ("sequential" and "threads"). */
    public record Grid(double unitNanos, List<Integer> sizes, List<Stat> sequential, List<Stat> threads) {

        /** Sequential median over threads' median at {@code size}, with the range the repetitions allow. */
        public Optional<Stat> threadSpeedup(int size) {
            int i = sizes.indexOf(size);
            if (i < 0) {
                return Optional.empty();
            }
            return Optional.of(speedup(sequential.get(i), threads.get(i)));
        }

        public Optional<Stat> threadWall(int size) {
            int i = sizes.indexOf(size);
            return i < 0 ? Optional.empty() : Optional.of(threads.get(i));
        }
    }

    /**
     * One convoy run.
     *
     * @param requests answered requests
     * @param p50      round-trip times (ns): median ...
     * @param hogCores CPU work the hogs got done, in cores; null without hogs
     */
    public record Point(int requests, Double p50, Double p90, Double p99, Double max, Double hogCores) {
    }

    public record Convoy(int hogs, Point alone, Point withHogs) {
    }

    public record Sweep(int hogs, List<Double> intervalsMs, List<Point> points) {
    }

    /** "CPython 3.11.2 (real)": how the report labels CPython's figures. */
    public String realLabel() {
        return label + (python != null && !python.gilEnabled() ? ", GIL disabled" : "") + " (real)";
    }

    /** The speedup of {@code threads} over {@code sequential}, as a {@link Stat} over the repetitions' range. */
    static Stat speedup(Stat sequential, Stat threads) {
        double median = sequential.median() / threads.median();
        double low = sequential.median() / threads.max();
        double high = sequential.median() / threads.min();
        return new Stat(median, Math.min(low, median), Math.max(high, median));
    }
}
