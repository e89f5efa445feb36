package dev.conclab.lab.bench;

import dev.conclab.lab.measure.Machine;
import dev.conclab.lab.measure.Stat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark measured, as written to {@code bench/results/<id>.json}.
 *
 * @param schema    {@value #SCHEMA}
 * @param id        the benchmark
 * @param size      FULL or SMOKE
 * @param createdAt ISO-8601 UTC
 * @param machine   what it ran on
 * @param figures   every figure measured
 * @param goals     the targets and whether the figures met them
 * @param notes     sentences computed from the figures
 */
public record BenchResult(String schema, String id, Benchmark.Size size, String createdAt, Machine machine,
                          List<Figure> figures, List<Goal> goals, List<String> notes) {

    public static final String SCHEMA = "conclab-bench/1";

    public BenchResult {
        figures = List.copyOf(figures);
        goals = List.copyOf(goals);
        notes = List.copyOf(notes);
    }

    public static BenchResult of(String id, Benchmark.Size size, List<Figure> figures, List<Goal> goals, List<String> notes) {
        return new BenchResult(SCHEMA, id, size, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Machine.current(), figures, goals, notes);
    }

    public boolean allGoalsMet() {
        return goals.stream().allMatch(Goal::met);
    }

    /**
     * One measured figure.
     *
     * @param name  stable key, e.g. {@code cpu.speedup.2threads}
     * @param label for people
     * @param unit  "x", "s", "ms", "bytes" …
     * @param value the figure (a median where there were repetitions)
     * @param range median, min and max over repetitions, or null for a derived figure
     */
    public record Figure(String name, String label, String unit, double value, Stat range) {
    }

    /**
     * A target for one figure.
     *
     * @param figure   the figure's name
     * @param operator "&gt;=" or "&lt;="
     * @param target   the bound
     * @param measured the figure's value
     * @param met      whether {@code measured operator target} holds
     */
    public record Goal(String figure, String operator, double target, double measured, boolean met) {

        public static Goal atLeast(Figure figure, double target) {
            return new Goal(figure.name(), ">=", target, figure.value(), figure.value() >= target);
        }

        public static Goal atMost(Figure figure, double target) {
            return new Goal(figure.name(), "<=", target, figure.value(), figure.value() <= target);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s %s: measured %s, %s", figure, operator, trim(target), trim(measured),
                    met ? "met" : "MISSED");
        }

        private static String trim(double v) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
    }
}
