package dev.conclab.lab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of a grid experiment: one workload under several models at several sizes.
 *
 * @param kind          always "grid" for this shape (later experiment shapes get their own kind)
 * @param id            stable id within its chapter, e.g. "cpu"
 * @param title         one line for people
 * @param workload      the workload and its calibrated unit
 * @param cores         cores the limits were computed for
 * @param sizes         batch sizes, ascending
 * @param models        the models, in report order
 * @param warmups       unmeasured runs before the measured ones, per model and size
 * @param repetitions   measured runs per model and size
 * @param machineLimits per size, the best time of a model with unbounded concurrency
 * @param cells         one per model and size
 * @param conclusions   sentences computed from the cells by the chapter
 */
public record GridResult(String kind, String id, String title, WorkloadInfo workload, int cores,
                               List<Integer> sizes, List<ModelInfo> models, int warmups, int repetitions,
                               List<SizeLimit> machineLimits, List<Cell> cells, List<String> conclusions)
        implements ExperimentResult {

    /** The best time on this machine for a batch of {@code tasks}, whatever the model. */
    public record SizeLimit(int tasks, long nanos) {
    }

    public GridResult {
        sizes = List.copyOf(sizes);
        models = List.copyOf(models);
        machineLimits = List.copyOf(machineLimits);
        cells = List.copyOf(cells);
        conclusions = List.copyOf(conclusions);
    }

    public Optional<Cell> cell(String model, int tasks) {
        return cells.stream().filter(c -> c.model().equals(model) && c.tasks() == tasks).findFirst();
    }

    /** The cells of one size, fastest first (by median wall time). */
    public List<Cell> ranked(int tasks) {
        return cells.stream().filter(c -> c.tasks() == tasks)
                .sorted(Comparator.comparingDouble(c -> c.wallNanos().median())).toList();
    }

    public int largestSize() {
        return sizes.getLast();
    }

    public long machineLimitNanos(int tasks) {
        return machineLimits.stream().filter(l -> l.tasks() == tasks).mapToLong(SizeLimit::nanos).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no size " + tasks + " in " + id));
    }

    @Override
    public GridResult withConclusions(List<String> more) {
        var all = new ArrayList<>(conclusions);
        all.addAll(more);
        return new GridResult(kind, id, title, workload, cores, sizes, models, warmups, repetitions,
                machineLimits, cells, all);
    }
}
