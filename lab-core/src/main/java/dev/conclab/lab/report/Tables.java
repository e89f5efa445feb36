package dev.conclab.lab.report;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ModelInfo;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Stat;

import java.util.ArrayList;
import java.util.List;

/**
 * The two tables of a grid experiment as text cells, shared by the Markdown and HTML
 * renderers so both always show the same figures.
 */
final class Tables {

    /** A table: header, body rows, and an optional last row that is a limit, not a measurement. */
    record Table(List<String> header, List<List<String>> rows, List<String> limitRow) {
    }

    private Tables() {
    }

    /** Models down, sizes across: median wall time and speedup, then the machine's limit. */
    static Table matrix(GridResult e) {
        var header = new ArrayList<String>(List.of("model"));
        e.sizes().forEach(n -> header.add(n + (n == 1 ? " task" : " tasks")));
        var rows = new ArrayList<List<String>>();
        for (ModelInfo model : e.models()) {
            var row = new ArrayList<String>(List.of(model.id()));
            e.sizes().forEach(n -> row.add(e.cell(model.id(), n).map(Tables::wallAndSpeedup).orElse("–")));
            rows.add(row);
        }
        var limit = new ArrayList<String>(List.of("limit (" + e.cores() + " cores)"));
        e.sizes().forEach(n -> limit.add(Format.duration(e.machineLimitNanos(n))));
        return new Table(header, rows, limit);
    }

    /** One row per cell with every figure. */
    static Table details(GridResult e) {
        var header = List.of("model", "tasks", "wall median", "min..max", "limit", "bound", "efficiency", "speedup",
                "CPU use", "peak threads", "peak running", "p50", "p90", "p99", "max", "heap after");
        var rows = new ArrayList<List<String>>();
        for (Cell c : e.cells()) {
            rows.add(List.of(c.model(), String.valueOf(c.tasks()), Format.duration(c.wallNanos().median()),
                    Format.duration(c.wallNanos().min()) + ".." + Format.duration(c.wallNanos().max()),
                    Format.duration(c.limitNanos()), c.limitedBy(), Format.percent(c.efficiency()),
                    c.speedup() == null ? "–" : Format.times(c.speedup()), Format.percent(c.utilisation().median()),
                    Format.count(c.peakPlatformThreads().median()), Format.count(c.peakConcurrentTasks().median()),
                    Format.duration(c.latencyNanos().p50().median()), Format.duration(c.latencyNanos().p90().median()),
                    Format.duration(c.latencyNanos().p99().median()), Format.duration(c.latencyNanos().max().median()),
                    Format.bytes(c.heapUsedAfterBytes().median())));
        }
        return new Table(header, rows, null);
    }

    /** A series experiment: x down, one column per series, medians. */
    static Table series(SeriesResult e) {
        var header = new ArrayList<String>(List.of(e.xLabel()));
        e.series().forEach(s -> header.add(s.label()));
        var rows = new ArrayList<List<String>>();
        for (int i = 0; i < e.x().size(); i++) {
            var row = new ArrayList<String>(List.of(Format.value(e.x().get(i), "")));
            for (SeriesResult.Series s : e.series()) {
                Stat v = s.values().get(i);
                row.add(v == null ? "–" : Format.value(v.median(), e.unit()));
            }
            rows.add(row);
        }
        return new Table(header, rows, null);
    }

    /** A table experiment as it is, each figure with its range. */
    static Table table(TableResult e) {
        var header = new ArrayList<String>(List.of(""));
        e.columns().forEach(c -> header.add(c.label()));
        var rows = new ArrayList<List<String>>();
        for (TableResult.Row r : e.rows()) {
            var row = new ArrayList<String>(List.of(r.label()));
            for (int i = 0; i < e.columns().size(); i++) {
                TableResult.Value v = r.values().get(i);
                row.add(v.stat() != null ? Format.stat(v.stat(), e.columns().get(i).unit())
                        : v.text() != null ? v.text() : "–");
            }
            rows.add(row);
        }
        return new Table(header, rows, null);
    }

    /** The sentence under each experiment's heading. */
    static String caption(ExperimentResult e) {
        return switch (e) {
            case GridResult grid -> caption(grid);
            case SeriesResult series -> series.description();
            case TableResult table -> table.description();
        };
    }

    private static String caption(GridResult e) {
        return e.workload().description() + "; one unit = " + Format.duration(e.workload().unitNanos())
                + " on this machine. Wall time, median of " + e.repetitions() + " runs after " + e.warmups()
                + " warm-up, with the speedup over sequential:";
    }

    private static String wallAndSpeedup(Cell cell) {
        String wall = Format.duration(cell.wallNanos().median());
        return cell.speedup() == null ? wall : wall + " (" + Format.times(cell.speedup()) + ")";
    }
}
