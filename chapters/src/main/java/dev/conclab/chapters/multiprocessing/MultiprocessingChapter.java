package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.StandardModels;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 3, multiprocessing: a pool of worker JVMs ({@link dev.conclab.process.ProcessPool})
 * against threads and a plain loop on CPU work, what the pool costs to start and per task, a
 * large input sent by value or shared through a mapped file, and a worker killed mid-run, each
 * beside CPython's multiprocessing measured on the same machine.
 */
public final class MultiprocessingChapter implements Chapter {

    static final List<String> MODELS = List.of("sequential", "fixed-pool", ProcessPoolModel.ID);

    /** Everything the chapter measures at one depth. */
    record Plan(Duration unit, List<Integer> sizes, Scaling.Plan scaling, Overhead.Plan overhead, Startup.Plan startup,
                SharedArray.Plan array) {
    }

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String id() {
        return "multiprocessing";
    }

    @Override
    public String title() {
        return "Multiprocessing: a pool of worker JVMs, and when processes beat threads";
    }

    @Override
    public String summary() {
        return "Worker JVMs against threads on CPU work, pool start-up and per-task overhead beside CPython's Pool, "
                + "a large array sent by value or shared, and a worker killed mid-run.";
    }

    @Override
    public List<String> models() {
        return MODELS;
    }

    static Plan plan(ChapterOptions.Depth depth, int workers) {
        return switch (depth) {
            case QUICK -> new Plan(Duration.ofMillis(5), List.of(8),
                    new Scaling.Plan(List.of(workers), 8, Duration.ofMillis(5), 2),
                    new Overhead.Plan(workers, 1_000, List.of(1, 100), 2),
                    new Startup.Plan(workers, 1, 0, false),
                    new SharedArray.Plan(1 << 20, 4, List.of(workers), 1));
            case TOUR -> new Plan(Duration.ofMillis(10), List.of(16),
                    new Scaling.Plan(List.of(1, 2, 4), 16, Duration.ofMillis(5), 3),
                    new Overhead.Plan(workers, 10_000, List.of(1, 10, 100), 3),
                    new Startup.Plan(workers, 2, 6, true),
                    new SharedArray.Plan(1 << 21, 8, List.of(1, 2, 4), 3));
            case FULL -> new Plan(Duration.ofMillis(10), List.of(1, 2, 4, 8, 16, 32, 64),
                    new Scaling.Plan(List.of(1, 2, 4), 32, Duration.ofMillis(10), 5),
                    new Overhead.Plan(workers, 20_000, List.of(1, 2, 5, 10, 50, 100, 1000), 5),
                    new Startup.Plan(workers, 7, 10, true),
                    new SharedArray.Plan(1 << 24, 8, List.of(1, 2, 4), 5));
        };
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = options.poolSizeOrDefault();
        Plan plan = plan(options.depth(), workers);
        var experiments = new ArrayList<ExperimentResult>();

        List<Model> models = options.modelsOr(MODELS).stream()
                .map(id -> id.equals(ProcessPoolModel.ID) ? new ProcessPoolModel(workers) : StandardModels.byId(id, workers)).toList();
        GridResult grid = Experiment.of("cpu", "CPU-bound, a process pool started for each batch", Workloads.sumOfSquares(plan.unit()))
                .models(models).sizes(options.sizesOr(plan.sizes()))
                .warmups(options.warmupsOrDefault())
                // Every process-pool run starts two JVMs: a quick run takes two repetitions, not three.
                .repetitions(options.repetitions() == null && options.quick() ? 2 : options.repetitionsOrDefault())
                .run(progress);
        experiments.add(grid.withConclusions(MultiprocessingFindings.grid(grid)));

        CPythonMultiprocessing peer = runPeer(options.depth(), workers, progress);

        Scaling scaling = Scaling.run(plan.scaling(), progress);
        var scalingFindings = new ArrayList<String>();
        MultiprocessingFindings.machineBusy(scaling, cores,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()).ifPresent(scalingFindings::add);
        List<String> scalingConclusions = MultiprocessingFindings.scaling(scaling, peer, cores);
        scalingFindings.addAll(scalingConclusions);
        experiments.add(scaling.table(peer).withConclusions(scalingFindings));

        Startup startup = Startup.run(plan.startup(), progress);
        experiments.add(startup.table(peer).withConclusions(MultiprocessingFindings.startup(startup, peer)));

        Overhead overhead = Overhead.run(plan.overhead(), progress);
        experiments.add(overhead.table(peer).withConclusions(MultiprocessingFindings.overhead(overhead, peer)));

        SharedArray array = SharedArray.run(plan.array(), progress);
        experiments.add(array.table().withConclusions(MultiprocessingFindings.sharedArray(array, cores)));

        CrashDemo crash = CrashDemo.run(workers, progress);
        List<String> crashConclusions = MultiprocessingFindings.crash(crash, peer);
        experiments.add(crash.table(peer).withConclusions(crashConclusions));

        // The chapter's headline: when processes pay (scaling) and what they buy (isolation).
        var headline = new ArrayList<String>();
        scalingConclusions.stream().limit(1).forEach(headline::add);
        crashConclusions.stream().limit(1).forEach(headline::add);
        return new ChapterResult(number(), id(), title(), experiments, headline, System.nanoTime() - started);
    }

    static CPythonMultiprocessing runPeer(ChapterOptions.Depth depth, int workers, ProgressListener progress) {
        if (depth == ChapterOptions.Depth.QUICK) {
            return CPythonMultiprocessing.run(depth, workers);
        }
        progress.begin("CPython multiprocessing", 1);
        try {
            return CPythonMultiprocessing.run(depth, workers);
        } finally {
            progress.step("peer");
            progress.end();
        }
    }
}
