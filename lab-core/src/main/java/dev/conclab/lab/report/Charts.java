package dev.conclab.lab.report;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ModelInfo;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.TaskSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

/** Derives the charts of a grid experiment from its cells: nothing is drawn that was not measured. */
public final class Charts {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private Charts() {
    }

    /** Speedup, wall time, CPU use and the per-task timeline of one experiment; ids start with {@code prefix}. */
    public static List<ChartSpec> of(String prefix, GridResult e) {
        var labels = e.sizes().stream().map(String::valueOf).toList();
        var charts = new ArrayList<ChartSpec>();

        if (e.cells().stream().anyMatch(c -> c.speedup() != null)) {
            var speedup = perModel(e, c -> c.speedup());
            long unit = e.workload().unitNanos();
            speedup.add(new ChartSpec.Series("limit on " + e.cores() + " cores",
                    e.sizes().stream().map(n -> (double) n * unit / e.machineLimitNanos(n)).toList(), true));
            charts.add(ChartSpec.plot(prefix + "-speedup", "line", "Speedup over sequential", "tasks",
                    "speedup (x)", false, labels, speedup));
        }

        var wall = perModel(e, c -> c.wallNanos().median() / NANOS_PER_MILLI);
        wall.add(new ChartSpec.Series("limit", e.sizes().stream().map(n -> e.machineLimitNanos(n) / NANOS_PER_MILLI).toList(), true));
        charts.add(ChartSpec.plot(prefix + "-wall", "line", "Wall time (median)", "tasks", "milliseconds", true,
                labels, wall));

        charts.add(ChartSpec.plot(prefix + "-cpu", "bar", "CPU use (CPU time / wall time x cores)", "tasks",
                "percent", false, labels, perModel(e, c -> c.utilisation().median() * 100)));

        var cells = e.cells().stream().sorted(Comparator.comparingInt(Cell::tasks)).toList();
        var runs = cells.stream()
                .map(c -> timeline(c.model() + ", " + c.tasks() + (c.tasks() == 1 ? " task" : " tasks"), c.timeline()))
                .toList();
        charts.add(new ChartSpec(prefix + "-timeline", "timeline", "Per-task timeline (median run)", "milliseconds",
                "thread", false, List.of(), List.of(), runs, cells.indexOf(mostTelling(e, cells))));
        return charts;
    }

    /** One line chart of a series experiment, in the unit's chart scale. */
    public static List<ChartSpec> of(String prefix, SeriesResult e) {
        Format.Scale scale = Format.chartScale(e.unit());
        var labels = e.x().stream().map(x -> Format.value(x, "")).toList();
        var series = e.series().stream().map(s -> new ChartSpec.Series(s.label(),
                s.values().stream().map(v -> v == null ? null : v.median() * scale.factor()).toList(), s.expected())).toList();
        String yLabel = scale.label().isEmpty() ? e.yLabel() : e.yLabel() + " (" + scale.label() + ")";
        return List.of(ChartSpec.plot(prefix + "-series", "line", e.title(), e.xLabel(), yLabel, e.logY(), labels, series));
    }

    /** The charts of any experiment: a table has none. */
    public static List<ChartSpec> of(String prefix, ExperimentResult e) {
        return switch (e) {
            case GridResult grid -> of(prefix, grid);
            case SeriesResult series -> of(prefix, series);
            case TableResult table -> List.of();
        };
    }

    /**
     * The run a timeline opens on: a pool (fewer threads than tasks) at the largest size of at
     * most 16 tasks, where rounds are visible and bars still readable; else the first run.
     */
    private static Cell mostTelling(GridResult e, List<Cell> cells) {
        int size = e.sizes().stream().filter(n -> n <= 16).reduce((a, b) -> b).orElse(e.sizes().getFirst());
        return cells.stream().filter(c -> c.tasks() == size && c.concurrency() > 1 && c.concurrency() < c.tasks())
                .findFirst()
                .or(() -> cells.stream().filter(c -> c.tasks() == size && c.concurrency() > 1).findFirst())
                .orElse(cells.getFirst());
    }

    private static List<ChartSpec.Series> perModel(GridResult e, Function<Cell, Double> figure) {
        var series = new ArrayList<ChartSpec.Series>();
        for (ModelInfo model : e.models()) {
            var data = e.sizes().stream().map(n -> e.cell(model.id(), n).map(figure).orElse(null)).toList();
            series.add(new ChartSpec.Series(model.id(), data, false));
        }
        return series;
    }

    static ChartSpec.TimelineRun timeline(String label, List<TaskSpan> spans) {
        var lanes = new LinkedHashMap<String, Integer>();
        spans.stream().sorted(Comparator.comparingLong(TaskSpan::startNanos))
                .forEach(s -> lanes.putIfAbsent(s.lane(), lanes.size()));
        var bars = spans.stream()
                .map(s -> new ChartSpec.Span(s.task(), lanes.get(s.lane()), s.startNanos() / NANOS_PER_MILLI,
                        s.endNanos() / NANOS_PER_MILLI))
                .toList();
        return new ChartSpec.TimelineRun(label, List.copyOf(lanes.keySet()), bars);
    }
}
