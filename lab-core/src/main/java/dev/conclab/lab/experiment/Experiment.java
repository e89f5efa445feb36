package dev.conclab.lab.experiment;

import dev.conclab.lab.measure.Limit;
import dev.conclab.lab.measure.Measurer;
import dev.conclab.lab.measure.Percentiles;
import dev.conclab.lab.measure.RunMeasurement;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.workload.Workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * One workload run under several models at several batch sizes, with warm-up and measured
 * repetitions: the lab's basic experiment.
 *
 * <p>For each size, every model first runs {@code warmups} unmeasured times (to let the JIT
 * compile the path and the pools reach a steady state), then the measured repetitions are
 * interleaved across models (repetition 1 of every model, then repetition 2 …), so a slow
 * drift of the machine (another process, thermal throttling) spreads over all models instead
 * of favouring the ones measured first.
 *
 * <p>Every run is checked: each task ran exactly once, and every model at a size produced the
 * same checksums as the first run at that size.
 *
 * <pre>{@code
 * GridResult cpu = Experiment.of("cpu", "CPU-bound", Workloads.sumOfSquares(Duration.ofMillis(10)))
 *         .models(StandardModels.all(cores))
 *         .sizes(1, 2, 4, 8, 64)
 *         .run(ProgressListener.NONE);
 * }</pre>
 *
 * <p>Not thread-safe; run one experiment at a time per JVM.
 */
public final class Experiment {

    private final String id;
    private final String title;
    private final Workload workload;
    private List<Model> models = List.of();
    private List<Integer> sizes = List.of(1);
    private int warmups = 1;
    private int repetitions = 3;
    private int cores = Runtime.getRuntime().availableProcessors();

    private Experiment(String id, String title, Workload workload) {
        this.id = Objects.requireNonNull(id);
        this.title = Objects.requireNonNull(title);
        this.workload = Objects.requireNonNull(workload);
    }

    public static Experiment of(String id, String title, Workload workload) {
        return new Experiment(id, title, workload);
    }

    public Experiment models(List<Model> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one model");
        }
        this.models = List.copyOf(models);
        return this;
    }

    public Experiment sizes(int... sizes) {
        return sizes(Arrays.stream(sizes).boxed().toList());
    }

    public Experiment sizes(List<Integer> sizes) {
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("sizes must be >= 1, got " + sizes);
        }
        this.sizes = sizes.stream().distinct().sorted().toList();
        return this;
    }

    public Experiment warmups(int warmups) {
        if (warmups < 0) {
            throw new IllegalArgumentException("warmups must be >= 0, got " + warmups);
        }
        this.warmups = warmups;
        return this;
    }

    public Experiment repetitions(int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        this.repetitions = repetitions;
        return this;
    }

    /** Cores to compute limits for; defaults to the processors available to this JVM. */
    public Experiment cores(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        this.cores = cores;
        return this;
    }

    /** The number of model runs {@link #run} will make, for progress reporting. */
    public long plannedRuns() {
        return (long) sizes.size() * models.size() * (warmups + repetitions);
    }

    /**
     * Runs the experiment.
     *
     * @throws TaskFailedException if a task of the workload failed under some model
     * @throws IllegalStateException if a model broke its contract (a task ran twice, or results differ)
     */
    public GridResult run(ProgressListener progress) throws TaskFailedException, InterruptedException {
        if (models.isEmpty()) {
            throw new IllegalStateException("experiment " + id + " has no models");
        }
        var measurer = new Measurer();
        var cells = new ArrayList<Cell>();
        progress.begin(title, plannedRuns());
        try {
            for (int size : sizes) {
                long[] reference = null;
                for (Model model : models) {
                    for (int w = 0; w < warmups; w++) {
                        RunMeasurement warm = measurer.measure(model, workload, size);
                        reference = checkSame(reference, warm, model, size);
                        progress.step(model.id() + " x" + size + " (warm-up)");
                    }
                }
                Map<Model, List<RunMeasurement>> runs = new LinkedHashMap<>();
                for (int r = 0; r < repetitions; r++) {
                    for (Model model : models) {
                        RunMeasurement run = measurer.measure(model, workload, size);
                        reference = checkSame(reference, run, model, size);
                        runs.computeIfAbsent(model, m -> new ArrayList<>()).add(run);
                        progress.step(model.id() + " x" + size);
                    }
                }
                cells.addAll(cellsOf(size, runs));
            }
        } finally {
            progress.end();
        }
        var limits = sizes.stream()
                .map(n -> new GridResult.SizeLimit(n, Limit.of(workload.cpuNanos(), workload.waitNanos(), n, n, cores).nanos()))
                .toList();
        return new GridResult("grid", id, title, WorkloadInfo.of(workload), cores, sizes,
                models.stream().map(ModelInfo::of).toList(), warmups, repetitions, limits, cells, List.of());
    }

    private List<Cell> cellsOf(int size, Map<Model, List<RunMeasurement>> runs) {
        var cells = new ArrayList<Cell>();
        var wallOf = new HashMap<String, Double>();
        for (var entry : runs.entrySet()) {
            Model model = entry.getKey();
            List<RunMeasurement> measured = entry.getValue();
            Stat wall = stat(measured, m -> m.wallNanos());
            int concurrency = model.concurrency(size);
            Limit limit = Limit.of(workload.cpuNanos(), workload.waitNanos(), size, concurrency, cores);
            var latency = new Percentiles(stat(measured, m -> m.latencyP50Nanos()), stat(measured, m -> m.latencyP90Nanos()),
                    stat(measured, m -> m.latencyP99Nanos()), stat(measured, m -> m.latencyMaxNanos()));
            cells.add(new Cell(model.id(), size, concurrency, wall,
                    stat(measured, m -> m.cpuNanos()), stat(measured, m -> m.utilisation(cores)),
                    stat(measured, m -> m.peakPlatformThreads()), stat(measured, m -> m.peakConcurrentTasks()),
                    stat(measured, m -> m.heapUsedAfterBytes()), latency,
                    limit.nanos(), limit.bound().label(), limit.nanos() / wall.median(), null,
                    medianRun(measured).timeline()));
            wallOf.put(model.id(), wall.median());
        }
        Double sequential = wallOf.get("sequential");
        return sequential == null ? cells : cells.stream().map(c -> c.withSpeedup(sequential)).toList();
    }

    private static Stat stat(List<RunMeasurement> runs, ToDoubleFunction<RunMeasurement> figure) {
        return Stat.of(runs.stream().mapToDouble(figure).toArray());
    }

    /** The repetition whose wall time is the median (the lower middle one for an even count). */
    private static RunMeasurement medianRun(List<RunMeasurement> runs) {
        var sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Long.compare(a.wallNanos(), b.wallNanos()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static long[] checkSame(long[] reference, RunMeasurement run, Model model, int size) {
        if (reference == null) {
            return run.results();
        }
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] != run.results()[i]) {
                throw new IllegalStateException("model " + model.id() + " computed a different result for task " + i
                        + " of " + size + " than the first run: " + run.results()[i] + " vs " + reference[i]);
            }
        }
        return reference;
    }
}
