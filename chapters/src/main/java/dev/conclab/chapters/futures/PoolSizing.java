package dev.conclab.chapters.futures;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.measure.Limit;
import dev.conclab.lab.measure.Measurer;
import dev.conclab.lab.measure.RunMeasurement;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.model.FixedPoolModel;
import dev.conclab.lab.workload.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How many threads should a pool have? For tasks that compute for {@code c} and then wait for
 * {@code w}, a pool of {@code k} threads finishes at most {@code k / (c + w)} tasks a second, and
 * the cores at most {@code cores / c}. The two meet at {@code k = cores x (1 + w / c)}: below it
 * the pool is the bottleneck, above it the cores are, and more threads only cost memory and
 * switching. (Little's law: threads busy = throughput x time per task.)
 *
 * <p>The experiment measures throughput and CPU time per task for pools from 1 thread to far
 * beyond the predicted size, beside the predicted curve, and finds the knee: the smallest pool
 * that reaches 95 % of the best throughput measured.
 */
final class PoolSizing {

    /** Throughput within this fraction of the best counts as "as good as the best". */
    static final double KNEE = 0.95;

    private PoolSizing() {
    }

    /**
     * @param cpu         CPU time per task
     * @param waiting     wait per task
     * @param poolSizes   pool sizes to measure
     * @param rounds      tasks per run = rounds x pool size (at least {@code minTasks}), so each run lasts a few rounds
     */
    record Plan(Duration cpu, Duration waiting, List<Integer> poolSizes, int rounds, int minTasks, int repetitions) {
    }

    /** Returns the throughput series (with the conclusions) and the CPU-per-task series. */
    static List<SeriesResult> run(Plan plan, int cores, ProgressListener progress) throws Exception {
        Workload work = workload(plan);
        var measurer = new Measurer();
        var throughput = new ArrayList<Stat>();
        var cpuPerTask = new ArrayList<Stat>();
        var predicted = new ArrayList<Stat>();
        progress.begin("Pool sizing (Little's law)", (long) plan.poolSizes().size() * (plan.repetitions() + 1));
        try {
            for (int k : plan.poolSizes()) {
                int tasks = Math.max(plan.minTasks(), plan.rounds() * k);
                var model = new FixedPoolModel(k);
                measurer.measure(model, work, tasks); // warm-up
                progress.step("pool of " + k + " (warm-up)");
                double[] perSecond = new double[plan.repetitions()];
                double[] cpuEach = new double[plan.repetitions()];
                for (int r = 0; r < plan.repetitions(); r++) {
                    RunMeasurement run = measurer.measure(model, work, tasks);
                    perSecond[r] = tasks / (run.wallNanos() / 1e9);
                    cpuEach[r] = (double) run.cpuNanos() / tasks;
                    progress.step("pool of " + k);
                }
                throughput.add(Stat.of(perSecond));
                cpuPerTask.add(Stat.of(cpuEach));
                Limit limit = Limit.of(work.cpuNanos(), work.waitNanos(), tasks, k, cores);
                predicted.add(Stat.exactly(tasks / (limit.nanos() / 1e9)));
            }
        } finally {
            progress.end();
        }
        double c = work.cpuNanos() / 1e6;
        double w = work.waitNanos() / 1e6;
        var x = plan.poolSizes().stream().map(Integer::doubleValue).toList();
        var result = SeriesResult.of("pool-sizing", "Pool size against throughput (Little's law)",
                "Fixed pools of 1 to %d threads running tasks of %.1f ms CPU then %.1f ms wait on average, on %d cores; the predicted optimum is %d x (1 + %.1f / %.1f) = %.0f threads."
                        .formatted(plan.poolSizes().getLast(), c, w, cores, cores, w, c, predictedOptimum(work, cores)),
                "pool size (threads)", "tasks per second", "tasks/s", true, false, x,
                List.of(new SeriesResult.Series("measured", throughput, false),
                        new SeriesResult.Series("limit (min of pool and cores)", predicted, true)));
        var cpu = SeriesResult.of("pool-cpu", "Pool size against CPU time per task",
                "The same runs: CPU time of the whole process divided by the tasks, which grows when threads outnumber the work.",
                "pool size (threads)", "CPU per task", "ns", true, false, x,
                List.of(new SeriesResult.Series("measured", cpuPerTask, false)));
        return List.of(result.withConclusions(FuturesFindings.poolSizing(result, cpu, predictedOptimum(work, cores))), cpu);
    }

    /** The pool-sizing workload: {@code cpu} of CPU, then a wait that varies around {@code waiting}. */
    static Workload workload(Plan plan) {
        return new VaryingWaitWorkload(plan.cpu(), plan.waiting());
    }

    static double predictedOptimum(Workload work, int cores) {
        return cores * (1 + (double) work.waitNanos() / work.cpuNanos());
    }

    /**
     * The optimum Little's law gives from measured figures alone: the best throughput times the
     * time one task takes when it has a pool to itself, {@code N* = X_max x R(1)}. It is where the
     * line of perfect scaling from a pool of one meets the plateau: the fewest threads that could
     * reach the best throughput if no task ever queued behind another. Needs a pool of 1 first.
     */
    static double measuredOptimum(SeriesResult sizing) {
        var measured = sizing.series("measured").orElseThrow().values();
        double best = measured.stream().mapToDouble(Stat::median).max().orElse(0);
        double perThreadAlone = measured.getFirst().median() / sizing.x().getFirst();
        return best / perThreadAlone;
    }

    /** The smallest pool whose median throughput is within {@link #KNEE} of the best median. */
    static double knee(SeriesResult sizing) {
        var measured = sizing.series("measured").orElseThrow().values();
        double best = measured.stream().mapToDouble(Stat::median).max().orElse(0);
        for (int i = 0; i < measured.size(); i++) {
            if (measured.get(i).median() >= KNEE * best) {
                return sizing.x().get(i);
            }
        }
        return sizing.x().getLast();
    }
}
