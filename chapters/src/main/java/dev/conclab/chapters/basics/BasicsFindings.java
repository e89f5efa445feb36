package dev.conclab.chapters.basics;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.measure.Bound;
import dev.conclab.lab.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.conclab.lab.report.Format.count;
import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.percent;
import static dev.conclab.lab.report.Format.times;

/**
 * The sentences of chapter 1, each computed from the cells it talks about. A sentence whose
 * figures were not measured (a model left out with {@code --models}) is left out, never guessed.
 */
final class BasicsFindings {

    /** Two speedups closer than this (relative) count as "the same". */
    static final double SAME = 0.10;

    private BasicsFindings() {
    }

    static List<String> of(GridResult e) {
        return e.workload().kind() == Workload.Kind.CPU ? cpu(e) : waits(e);
    }

    static List<String> cpu(GridResult e) {
        var found = new ArrayList<String>();
        int n = e.largestSize();
        Cell best = e.ranked(n).getFirst();
        long ideal = e.machineLimitNanos(n);
        if (best.speedup() != null) {
            double idealSpeedup = (double) n * e.workload().unitNanos() / ideal;
            found.add("At %d tasks the fastest was %s: %s, %s sequential. On %d cores no model can beat %s here, and it reached %s of that limit."
                    .formatted(n, best.model(), duration(best.wallNanos().median()), times(best.speedup()), e.cores(),
                            times(idealSpeedup), percent(ideal / best.wallNanos().median())));
        } else {
            found.add("At %d tasks the fastest was %s: %s, %s of the %s this machine allows."
                    .formatted(n, best.model(), duration(best.wallNanos().median()), percent(ideal / best.wallNanos().median()),
                            duration(ideal)));
        }
        moreThreadsThanCores(e).ifPresent(found::add);
        cpuUse(e, n).ifPresent(found::add);
        threadCost(e, n).ifPresent(found::add);
        return found;
    }

    /** Compares one thread per task at "as many tasks as cores" with the largest size. */
    private static Optional<String> moreThreadsThanCores(GridResult e) {
        int n = e.largestSize();
        Optional<Integer> atCores = e.sizes().stream().filter(s -> s >= e.cores()).findFirst();
        if (atCores.isEmpty() || atCores.get() == n) {
            return Optional.empty();
        }
        int c = atCores.get();
        var few = e.cell("threads", c).filter(x -> x.speedup() != null);
        var many = e.cell("threads", n).filter(x -> x.speedup() != null);
        if (few.isEmpty() || many.isEmpty()) {
            return Optional.empty();
        }
        double s0 = few.get().speedup();
        double s1 = many.get().speedup();
        String verdict = Math.abs(s1 - s0) <= SAME * s0 ? "did not help: once every core is busy, extra threads only take turns"
                : s1 > s0 ? "still helped" : "cost time: the extra threads only take turns on the cores, and switching between them is not free";
        return Optional.of("More threads than cores %s (threads: %s with %d, %s with %d, on %d cores)."
                .formatted(verdict, times(s0), c, times(s1), n, e.cores()));
    }

    private static Optional<String> cpuUse(GridResult e, int n) {
        var sequential = e.cell("sequential", n);
        Cell best = e.ranked(n).getFirst();
        if (sequential.isEmpty() || best.model().equals("sequential")) {
            return Optional.empty();
        }
        return Optional.of("CPU use at %d tasks: sequential kept %s of the %d cores busy, %s %s. Parallelism is more cores working at once."
                .formatted(n, percent(sequential.get().utilisation().median()), e.cores(), best.model(),
                        percent(best.utilisation().median())));
    }

    private static Optional<String> threadCost(GridResult e, int n) {
        var threads = e.cell("threads", n);
        var virtual = e.cell("virtual", n);
        if (threads.isEmpty() || virtual.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("For %d tasks, one platform thread each peaked at %s live platform threads in the JVM; virtual threads peaked at %s (their carriers), for %s vs %s."
                .formatted(n, count(threads.get().peakPlatformThreads().median()), count(virtual.get().peakPlatformThreads().median()),
                        duration(threads.get().wallNanos().median()), duration(virtual.get().wallNanos().median())));
    }

    static List<String> waits(GridResult e) {
        var found = new ArrayList<String>();
        int n = e.largestSize();
        Cell best = e.ranked(n).getFirst();
        long unit = e.workload().unitNanos();
        String speedup = best.speedup() == null ? "" : ", " + times(best.speedup()) + " sequential";
        found.add("%d waits of %s: %s finished in %s (limit %s: %s)%s, on %d cores."
                .formatted(n, duration(unit), best.model(), duration(best.wallNanos().median()),
                        duration(e.machineLimitNanos(n)), percent(e.machineLimitNanos(n) / best.wallNanos().median()),
                        speedup, e.cores()));
        poolBound(e, n).ifPresent(found::add);
        overlap(e, best).ifPresent(found::add);
        return found;
    }

    /** Evidence that waits overlap beyond the core count: more tasks in progress at once than cores. */
    private static Optional<String> overlap(GridResult e, Cell best) {
        double running = best.peakConcurrentTasks().median();
        if (running <= e.cores()) {
            return Optional.empty();
        }
        double cpuPerTask = best.cpuNanos().median() / best.tasks();
        return Optional.of("%s had %s waits in progress at once on %d cores, and the whole process used %s of CPU time per task (JIT and GC included) against %s of waiting: concurrency without parallelism."
                .formatted(best.model(), count(running), e.cores(), duration(cpuPerTask), duration(e.workload().unitNanos())));
    }

    /** The models that ran fewer waits at once than there were, grouped by how many they ran. */
    private static Optional<String> poolBound(GridResult e, int n) {
        Map<Integer, List<Cell>> byConcurrency = e.cells().stream()
                .filter(c -> c.tasks() == n && c.limitedBy().equals(Bound.CONCURRENCY.label()))
                .collect(Collectors.groupingBy(Cell::concurrency, TreeMap::new, Collectors.toList()));
        if (byConcurrency.isEmpty()) {
            return Optional.empty();
        }
        var parts = new ArrayList<String>();
        byConcurrency.forEach((concurrency, cells) -> {
            String names = String.join(", ", cells.stream().map(Cell::model).toList());
            double fastest = cells.stream().mapToDouble(c -> c.wallNanos().median()).min().orElseThrow();
            double slowest = cells.stream().mapToDouble(c -> c.wallNanos().median()).max().orElseThrow();
            String took = fastest == slowest ? duration(fastest) : duration(fastest) + " to " + duration(slowest);
            parts.add("%s ran %d at a time and took %s (limit %s)".formatted(names, concurrency, took,
                    duration(cells.getFirst().limitNanos())));
        });
        return Optional.of(String.join("; ", parts) + ": the number of threads, not of cores, set their time.");
    }

    /** Chapter-level: the best CPU speedup against the best wait speedup. */
    static List<String> chapter(List<GridResult> experiments) {
        Optional<Cell> cpu = bestSpeedup(experiments, Workload.Kind.CPU);
        Optional<Cell> waits = bestSpeedup(experiments, Workload.Kind.WAIT);
        if (cpu.isEmpty() || waits.isEmpty()) {
            return List.of();
        }
        int cores = experiments.getFirst().cores();
        return List.of("CPU-bound work reached at most %s (%s, %d tasks) with %d cores; wait-bound work reached %s (%s, %d tasks). Cores bound parallel computation; concurrency alone is enough to overlap waits."
                .formatted(times(cpu.get().speedup()), cpu.get().model(), cpu.get().tasks(), cores,
                        times(waits.get().speedup()), waits.get().model(), waits.get().tasks()));
    }

    private static Optional<Cell> bestSpeedup(List<GridResult> experiments, Workload.Kind kind) {
        return experiments.stream().filter(e -> e.workload().kind() == kind)
                .flatMap(e -> e.cells().stream())
                .filter(c -> c.speedup() != null)
                .max((a, b) -> Double.compare(a.speedup(), b.speedup()));
    }
}
