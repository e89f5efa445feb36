package dev.conclab.chapters.threading;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ModelInfo;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.conclab.lab.report.Format.duration;

/** Builds chapter 2's side-by-side results (series and tables) from what was measured. */
final class ThreadingResults {

    /** The convoy table's columns. */
    static final List<TableResult.Column> CONVOY_COLUMNS = List.of(
            new TableResult.Column("requests", "requests", "count"),
            new TableResult.Column("p50", "p50", "ns"),
            new TableResult.Column("p90", "p90", "ns"),
            new TableResult.Column("p99", "p99", "ns"),
            new TableResult.Column("max", "max", "ns"),
            new TableResult.Column("hogs", "CPU hogs' work", "cores"));

    private ThreadingResults() {
    }

    /**
     * Speedup over sequential by number of threads: every model of {@code grid}, CPython's
     * threads beside them when the peer ran, and the limits as dashed lines.
     */
    static SeriesResult speedups(String id, GridResult grid, Optional<CPythonFigures.Grid> cpython, String cpythonLabel) {
        var x = grid.sizes().stream().map(Integer::doubleValue).toList();
        var series = new ArrayList<SeriesResult.Series>();
        boolean cpu = grid.workload().kind() == Workload.Kind.CPU;
        for (ModelInfo model : grid.models()) {
            if (model.id().equals(Labels.SEQUENTIAL)) {
                continue;
            }
            var values = grid.sizes().stream().map(n -> speedup(grid, model.id(), n)).toList();
            if (values.stream().anyMatch(v -> v != null)) {
                series.add(new SeriesResult.Series(Labels.ofModel(model.id()), values, false));
            }
        }
        cpython.ifPresent(py -> series.add(new SeriesResult.Series(cpythonLabel,
                grid.sizes().stream().map(n -> py.threadSpeedup(n).orElse(null)).toList(), false)));
        if (cpu) {
            series.add(new SeriesResult.Series("limit on " + grid.cores() + " cores",
                    grid.sizes().stream().map(n -> Stat.exactly(Math.min(n, grid.cores()))).toList(), true));
            series.add(new SeriesResult.Series("one thread at a time (a GIL's limit)",
                    grid.sizes().stream().map(n -> Stat.exactly(1)).toList(), true));
        } else {
            series.add(new SeriesResult.Series("every wait at once (the limit)",
                    grid.sizes().stream().map(n -> Stat.exactly(n)).toList(), true));
        }
        String what = cpu ? "CPU-bound" : "Wait-bound";
        String description = what + " work (" + grid.workload().id() + ", one unit = " + duration(grid.workload().unitNanos())
                + " here), one thread per task: speedup over running the tasks one after another, "
                + (grid.repetitions() == 1 ? "one run" : "median of " + grid.repetitions() + " runs")
                + (cpython.isPresent() ? "; CPython ran the same work with threading.Thread on this machine." : ".");
        return SeriesResult.of(id, what + ": simulator, Java threads and CPython side by side", description,
                "threads", "speedup over sequential", "x", false, false, x, series);
    }

    /** A model's speedup at {@code n} with the range its repetitions allow, or null if not measured. */
    private static Stat speedup(GridResult grid, String model, int n) {
        Optional<Cell> sequential = grid.cell(Labels.SEQUENTIAL, n);
        Optional<Cell> cell = grid.cell(model, n);
        if (sequential.isEmpty() || cell.isEmpty()) {
            return null;
        }
        return CPythonFigures.speedup(sequential.get().wallNanos(), cell.get().wallNanos());
    }

    /** One row of the convoy table from the simulator's run. */
    static TableResult.Row convoyRow(String setup, int hogs, EchoConvoy.Result r) {
        return new TableResult.Row(Labels.convoyRow(setup, hogs), List.of(
                TableResult.Value.of(r.requests()), TableResult.Value.of(r.p50Nanos()), TableResult.Value.of(r.p90Nanos()),
                TableResult.Value.of(r.p99Nanos()), TableResult.Value.of(r.maxNanos()), orNone(r.hogCores())));
    }

    /** One row of the convoy table from CPython's run. */
    static TableResult.Row convoyRow(String setup, int hogs, CPythonFigures.Point p) {
        return new TableResult.Row(Labels.convoyRow(setup, hogs), List.of(
                TableResult.Value.of(p.requests()), orNone(p.p50()), orNone(p.p90()), orNone(p.p99()), orNone(p.max()),
                orNone(p.hogCores())));
    }

    /** A row that says why CPython's figures are missing. */
    static TableResult.Row skippedRow(String reason) {
        var values = new ArrayList<TableResult.Value>();
        values.add(TableResult.Value.text("skipped: " + reason));
        while (values.size() < CONVOY_COLUMNS.size()) {
            values.add(TableResult.Value.none());
        }
        return new TableResult.Row("CPython", values);
    }

    static TableResult convoy(List<TableResult.Row> rows, Optional<String> intervalNote, java.time.Duration window) {
        String description = "An I/O thread echoes 64-byte requests on a loopback socket, alone and next to CPU-bound threads "
                + "of the same interpreter; a client outside it sends one request at a time for up to "
                + duration(window.toNanos()) + " and times each answer (round trip, as the client saw it)."
                + intervalNote.map(n -> " " + n).orElse("");
        return TableResult.of("convoy", "Convoy effect: an I/O thread next to a CPU hog", description, CONVOY_COLUMNS, rows);
    }

    /** The switch-interval sweep's two views: the I/O thread's latency, and the hogs' work. */
    static List<SeriesResult> sweep(List<Double> intervalsMs, int hogs, List<EchoConvoy.Result> simulator,
                                    Optional<CPythonFigures.Sweep> cpython, String cpythonLabel) {
        var latency = new ArrayList<SeriesResult.Series>();
        latency.add(new SeriesResult.Series(Labels.sweepLatency(Labels.GIL_SIM, "p50"),
                simulator.stream().map(r -> Stat.exactly(r.p50Nanos())).toList(), false));
        latency.add(new SeriesResult.Series(Labels.sweepLatency(Labels.GIL_SIM, "p99"),
                simulator.stream().map(r -> Stat.exactly(r.p99Nanos())).toList(), false));
        var work = new ArrayList<SeriesResult.Series>();
        work.add(new SeriesResult.Series(Labels.GIL_SIM,
                simulator.stream().map(r -> r.hogCores() == null ? null : Stat.exactly(r.hogCores())).toList(), false));
        cpython.filter(py -> py.intervalsMs().equals(intervalsMs)).ifPresent(py -> {
            latency.add(new SeriesResult.Series(Labels.sweepLatency(cpythonLabel, "p50"), points(py, CPythonFigures.Point::p50), false));
            latency.add(new SeriesResult.Series(Labels.sweepLatency(cpythonLabel, "p99"), points(py, CPythonFigures.Point::p99), false));
            work.add(new SeriesResult.Series(cpythonLabel, points(py, CPythonFigures.Point::hogCores), false));
        });
        String setup = "An I/O thread answering a loopback client next to " + hogs + " CPU hogs, at each switch interval ("
                + "sys.setswitchinterval); one run per interval.";
        return List.of(
                SeriesResult.of("switch-interval-latency", "Switch interval: the I/O thread's response time", setup,
                        "switch interval (ms)", "round trip", "ns", true, true, intervalsMs, latency),
                SeriesResult.of("switch-interval-throughput", "Switch interval: the CPU hogs' work", setup
                                + " CPU work done by the hogs per second of wall time, in cores (a GIL allows at most 1).",
                        "switch interval (ms)", "CPU work", "cores", true, false, intervalsMs, work));
    }

    private static List<Stat> points(CPythonFigures.Sweep sweep, java.util.function.Function<CPythonFigures.Point, Double> figure) {
        return sweep.points().stream().map(p -> {
            Double v = figure.apply(p);
            return v == null ? null : Stat.exactly(v);
        }).toList();
    }

    private static TableResult.Value orNone(Double value) {
        return value == null ? TableResult.Value.none() : TableResult.Value.of(value);
    }
}
