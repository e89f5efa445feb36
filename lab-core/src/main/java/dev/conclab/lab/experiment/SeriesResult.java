package dev.conclab.lab.experiment;

import dev.conclab.lab.measure.Stat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Figures along an x axis, one line per series: for example CPU throughput and I/O latency
 * against the GIL's switch interval, or measured throughput against pool size with the
 * predicted curve beside it.
 *
 * @param kind        always "series"
 * @param id          stable id within its chapter
 * @param title       one line for people
 * @param description what was run, how often, on what (a sentence or two)
 * @param xLabel      x-axis title, with its unit, e.g. "switch interval (ms)"
 * @param yLabel      y-axis title
 * @param unit        unit of every value: "ns" (shown as a duration), "bytes", "x", "fraction" (shown as %),
 *                    or any other word, shown after the number
 * @param logX        logarithmic x axis
 * @param logY        logarithmic y axis
 * @param x           the x values, ascending
 * @param series      the lines; each has one value per x (null where not measured)
 * @param conclusions sentences computed from the figures
 */
public record SeriesResult(String kind, String id, String title, String description, String xLabel, String yLabel,
                           String unit, boolean logX, boolean logY, List<Double> x, List<Series> series,
                           List<String> conclusions) implements ExperimentResult {

    /**
     * One line of the chart.
     *
     * @param label    legend entry, e.g. "GIL threads" or "CPython 3.11 (real)"
     * @param values   one per x, null where there is none
     * @param expected a prediction or limit rather than a measurement (drawn dashed)
     */
    public record Series(String label, List<Stat> values, boolean expected) {
        public Series {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    public SeriesResult {
        Objects.requireNonNull(id);
        x = List.copyOf(x);
        series = List.copyOf(series);
        conclusions = List.copyOf(conclusions);
        for (Series s : series) {
            if (s.values().size() != x.size()) {
                throw new IllegalArgumentException("series '" + s.label() + "' has " + s.values().size()
                        + " values for " + x.size() + " x values");
            }
        }
    }

    /** A series result with no conclusions yet. */
    public static SeriesResult of(String id, String title, String description, String xLabel, String yLabel,
                                  String unit, boolean logX, boolean logY, List<Double> x, List<Series> series) {
        return new SeriesResult("series", id, title, description, xLabel, yLabel, unit, logX, logY, x, series, List.of());
    }

    public java.util.Optional<Series> series(String label) {
        return series.stream().filter(s -> s.label().equals(label)).findFirst();
    }

    @Override
    public SeriesResult withConclusions(List<String> more) {
        var all = new ArrayList<>(conclusions);
        all.addAll(more);
        return new SeriesResult(kind, id, title, description, xLabel, yLabel, unit, logX, logY, x, series, all);
    }
}
