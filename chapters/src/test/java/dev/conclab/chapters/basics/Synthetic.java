package dev.conclab.chapters.basics;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ModelInfo;
import dev.conclab.lab.experiment.WorkloadInfo;
import dev.conclab.lab.measure.Limit;
import dev.conclab.lab.measure.Percentiles;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made experiment results, to check that findings follow the figures and nothing else.
 * Public so that every chapter's findings tests build their grids the same way.
 */
public final class Synthetic {

    public static final long UNIT = 10_000_000;
    public static final int CORES = 2;

    private final Workload.Kind kind;
    private final Map<String, Integer> concurrency = new LinkedHashMap<>();
    private final List<Cell> cells = new ArrayList<>();

    public Synthetic(Workload.Kind kind) {
        this.kind = kind;
    }

    /** Declares a model: {@code pool} = tasks it runs at once, or 0 for "all of them". */
    public Synthetic model(String id, int pool) {
        concurrency.put(id, pool);
        return this;
    }

    /** One cell: median wall time in ms, CPU use, peak platform threads and peak running tasks. */
    public Synthetic cell(String model, int tasks, double wallMillis, double utilisation, int peakThreads, int peakRunning) {
        int pool = concurrency.get(model);
        int c = pool == 0 ? tasks : Math.min(pool, tasks);
        Limit limit = Limit.of(kind, tasks, UNIT, c, CORES);
        double wall = wallMillis * 1e6;
        Stat latency = Stat.exactly(wall);
        cells.add(new Cell(model, tasks, c, Stat.exactly(wall), Stat.exactly(utilisation * wall * CORES),
                Stat.exactly(utilisation), Stat.exactly(peakThreads), Stat.exactly(peakRunning), Stat.exactly(1e6),
                new Percentiles(latency, latency, latency, latency), limit.nanos(), limit.bound().label(),
                limit.nanos() / wall, null, List.of()));
        return this;
    }

    public GridResult build() {
        var sizes = cells.stream().map(Cell::tasks).distinct().sorted().toList();
        var withSpeedup = new ArrayList<Cell>();
        for (Cell c : cells) {
            var sequential = cells.stream().filter(s -> s.model().equals("sequential") && s.tasks() == c.tasks()).findFirst();
            withSpeedup.add(sequential.map(s -> c.withSpeedup(s.wallNanos().median())).orElse(c));
        }
        var limits = sizes.stream().map(n -> new GridResult.SizeLimit(n, Limit.of(kind, n, UNIT, n, CORES).nanos())).toList();
        return new GridResult("grid", kind == Workload.Kind.CPU ? "cpu" : "sleep", "synthetic",
                new WorkloadInfo("synthetic", "made up", kind, UNIT, Map.of()), CORES, sizes,
                concurrency.keySet().stream().map(id -> new ModelInfo(id, id)).toList(), 0, 3, limits, withSpeedup, List.of());
    }
}
