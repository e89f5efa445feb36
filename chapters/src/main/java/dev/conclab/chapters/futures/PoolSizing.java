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
        var tasksAt = new ArrayList<Integer>();
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
                tasksAt.add(tasks);
            }
        } finally {
            progress.end();
        }
        long cpuNanos = measuredCpuNanos(cpuPerTask.getFirst(), work);
        var predicted = new ArrayList<Stat>();
        for (int i = 0; i < tasksAt.size(); i++) {
            Limit limit = Limit.of(cpuNanos, work.waitNanos(), tasksAt.get(i), plan.poolSizes().get(i), cores);
            predicted.add(Stat.exactly(tasksAt.get(i) / (limit.nanos() / 1e9)));
        }
        double optimum = predictedOptimum(cpuNanos, work.waitNanos(), cores);
        double c = cpuNanos / 1e6;
        double w = work.waitNanos() / 1e6;
        var x = plan.poolSizes().stream().map(Integer::doubleValue).toList();
        var result = SeriesResult.of("pool-sizing", "Pool size against throughput (Little's law)",
                "Fixed pools of 1 to %d threads running tasks of %.2f ms CPU (measured with a pool of one) then %.1f ms wait on average, on %d cores; the predicted optimum is %d x (1 + %.1f / %.2f) = %.1f threads."
                        .formatted(plan.poolSizes().getLast(), c, w, cores, cores, w, c, optimum),
                "pool size (threads)", "tasks per second", "tasks/s", true, false, x,
                List.of(new SeriesResult.Series("measured", throughput, false),
                        new SeriesResult.Series("limit (min of pool and cores)", predicted, true)));
        var cpu = SeriesResult.of("pool-cpu", "Pool size against CPU time per task",
                "The same runs: CPU time of the whole process divided by the tasks, which grows when threads outnumber the work.",
                "pool size (threads)", "CPU per task", "ns", true, false, x,
                List.of(new SeriesResult.Series("measured", cpuPerTask, false)));
        return List.of(result.withConclusions(FuturesFindings.poolSizing(result, cpu, optimum)), cpu);
    }

    /** The pool-sizing workload: {@code cpu} of CPU, then a wait that varies around {@code waiting}. */
    static Workload workload(Plan plan) {
        return new VaryingWaitWorkload(plan.cpu(), plan.waiting());
    }

    /**
     * CPU time per task as measured with a pool of one (process CPU over tasks), rather than
     * the calibrated figure: calibration ran once, perhaps while the machine was busy or the
     * kernel still cold, while this is the CPU the tasks of this experiment really took.
     */
    static long measuredCpuNanos(Stat cpuAtPoolOfOne, Workload work) {
        double measured = cpuAtPoolOfOne.median();
        return measured > 0 ? Math.round(measured) : work.cpuNanos();
    }

    /** Little's prediction, {@code cores x (1 + w / c)}. */
    static double predictedOptimum(long cpuNanos, long waitNanos, int cores) {
        return cores * (1 + (double) waitNanos / cpuNanos);
    }

    /** Little's prediction for a finished experiment: its wait, and the CPU per task it measured with a pool of one. */
    static double predictedOptimum(List<SeriesResult> experiment, Plan plan, int cores) {
        var cpu = experiment.get(1).series("measured").orElseThrow().values().getFirst();
        Workload work = workload(plan);
        return predictedOptimum(measuredCpuNanos(cpu, work), work.waitNanos(), cores);
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
