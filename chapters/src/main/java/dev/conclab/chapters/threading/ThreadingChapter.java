package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterOptions.Depth;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.StandardModels;
import dev.conclab.lab.report.Format;
import dev.conclab.lab.workload.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Chapter 2, threading and the GIL.
 *
 * <p>Java has no GIL, so the chapter rebuilds CPython's ({@link dev.conclab.gil.GilRuntime}) and
 * runs the same work four ways: one after another, on Java threads, on threads under the
 * simulated GIL, and on the same threads with the GIL switched off (like CPython 3.13t). Then:
 * <ol>
 *   <li>CPU-bound and wait-bound grids at 1, 2, 4 and 8 threads: the GIL removes the CPU
 *       speedup and keeps the wait speedup;</li>
 *   <li>the same speedups beside real CPython's, run by {@code peers/python/ch02_threading.py};</li>
 *   <li>the convoy effect: an I/O thread answering a loopback client, alone and next to a CPU
 *       hog, under the GIL, without it, and in CPython;</li>
 *   <li>a switch-interval sweep (0.1 to 50 ms): the I/O thread's latency against the CPU
 *       hogs' work.</li>
 * </ol>
 * Every conclusion is computed by {@link ThreadingFindings} from the figures beside it.
 */
public final class ThreadingChapter implements Chapter {

    /** The grid's models unless {@code --models} says otherwise. */
    public static final List<String> DEFAULT_MODELS =
            List.of("sequential", "threads", GilThreadsModel.GIL, GilThreadsModel.FREE_THREADED);
    public static final List<Integer> SIZES = List.of(1, 2, 4, 8);
    public static final List<Integer> QUICK_SIZES = List.of(1, 2, 4);
    public static final List<Double> SWEEP_MS = List.of(0.1, 1.0, 5.0, 50.0);
    static final int SWEEP_HOGS = 2;
    static final int MAX_REQUESTS = 2_000;
    static final Duration PEER_TIMEOUT = Duration.ofMinutes(3);

    /**
     * How much one depth runs.
     *
     * @param cpuUnit      one CPU-bound unit
     * @param waitUnit     one wait
     * @param sizes        thread counts of the grids
     * @param convoyWindow how long each convoy row is measured
     * @param twoHogRows   also compare the hand-offs next to two hogs
     * @param sweepMs      switch intervals of the sweep (empty: no sweep)
     * @param sweepWindow  how long each sweep point is measured
     */
    record Plan(Duration cpuUnit, Duration waitUnit, List<Integer> sizes, Duration convoyWindow, boolean twoHogRows,
                List<Double> sweepMs, Duration sweepWindow) {

        static Plan of(ChapterOptions options) {
            return switch (options.depth()) {
                case QUICK -> new Plan(Duration.ofMillis(5), Duration.ofMillis(5), options.sizesOr(QUICK_SIZES),
                        Duration.ofMillis(200), false, List.of(), Duration.ZERO);
                case TOUR -> new Plan(Duration.ofMillis(10), Duration.ofMillis(20), options.sizesOr(SIZES),
                        Duration.ofMillis(400), false, SWEEP_MS, Duration.ofMillis(400));
                case FULL -> new Plan(Duration.ofMillis(10), Duration.ofMillis(20), options.sizesOr(SIZES),
                        Duration.ofSeconds(1), true, SWEEP_MS, Duration.ofSeconds(1));
            };
        }

        /** The same experiments for the CPython peer. */
        List<String> peerArgs(ChapterOptions options) {
            var parts = new ArrayList<>(List.of("cpu", "convoy"));
            if (options.depth() != Depth.QUICK) {
                parts.add("wait");
            }
            if (!sweepMs.isEmpty()) {
                parts.add("sweep");
            }
            var args = new ArrayList<>(List.of(
                    "--parts", String.join(",", parts),
                    "--sizes", sizes.stream().map(String::valueOf).collect(Collectors.joining(",")),
                    "--cpu-unit-ms", Format.number(cpuUnit.toNanos() / 1e6),
                    "--wait-ms", Format.number(waitUnit.toNanos() / 1e6),
                    "--warmup", String.valueOf(options.warmupsOrDefault()),
                    "--repeat", String.valueOf(options.repetitionsOrDefault()),
                    "--convoy-seconds", seconds(convoyWindow),
                    "--max-requests", String.valueOf(MAX_REQUESTS)));
            if (!sweepMs.isEmpty()) {
                args.addAll(List.of("--sweep-ms", sweepMs.stream().map(Format::number).collect(Collectors.joining(",")),
                        "--sweep-seconds", seconds(sweepWindow), "--sweep-hogs", String.valueOf(SWEEP_HOGS)));
            }
            return args;
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
        }
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String id() {
        return "threading";
    }

    @Override
    public String title() {
        return "Threading and the GIL";
    }

    @Override
    public String summary() {
        return "Threads under a simulated GIL, Java threads and real CPython side by side: the GIL removes the "
                + "speedup of CPU-bound threads, keeps that of waiting ones, and delays I/O next to a CPU hog (the convoy effect).";
    }

    @Override
    public List<String> models() {
        return Stream.of(DEFAULT_MODELS, List.of(GilThreadsModel.GIL_FIFO), StandardModels.IDS)
                .flatMap(List::stream).distinct().toList();
    }

    static Model model(String id, int poolSize) {
        return GilThreadsModel.IDS.contains(id) ? GilThreadsModel.byId(id) : StandardModels.byId(id, poolSize);
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        Plan plan = Plan.of(options);
        int pool = options.poolSizeOrDefault();
        List<Model> models = options.modelsOr(DEFAULT_MODELS).stream().map(id -> model(id, pool)).toList();

        GridResult cpu = grid("cpu", "CPU-bound: sum of squares, with GIL checkpoints",
                GilWorkloads.sumOfSquares(plan.cpuUnit()), models, plan, options, progress);
        cpu = cpu.withConclusions(ThreadingFindings.cpu(cpu));
        GridResult waits = grid("wait", "Wait-bound: sleep, releasing the GIL",
                GilWorkloads.sleep(plan.waitUnit()), models, plan, options, progress);
        waits = waits.withConclusions(ThreadingFindings.waits(waits));

        CpuHog hog = CpuHog.sumOfSquares(plan.cpuUnit());
        List<TableResult.Row> convoyRows = convoy(plan, hog, progress);
        List<EchoConvoy.Result> sweep = sweep(plan, hog, progress);

        progress.begin("CPython peer (" + CPythonPeer.SCRIPT + ")", 1);
        CPythonPeer peer;
        try {
            peer = CPythonPeer.run(plan.peerArgs(options), PEER_TIMEOUT);
            progress.step(peer.figures().map(CPythonFigures::label).orElse("skipped"));
        } finally {
            progress.end();
        }
        return assemble(options, plan, cpu, waits, convoyRows, sweep, peer, System.nanoTime() - started);
    }

    private ChapterResult assemble(ChapterOptions options, Plan plan, GridResult cpu, GridResult waits,
                                   List<TableResult.Row> convoyRows, List<EchoConvoy.Result> sweep, CPythonPeer peer,
                                   long elapsedNanos) {
        Optional<CPythonFigures> py = peer.figures();
        String pyLabel = py.map(CPythonFigures::realLabel).orElse("CPython");
        var experiments = new ArrayList<ExperimentResult>(List.of(cpu, waits));

        List<String> skipped = py.isPresent() ? List.of() : List.of(peer.skippedSentence());
        SeriesResult cpuSide = ThreadingResults.speedups("cpu-side-by-side", cpu, py.map(CPythonFigures::cpu), pyLabel);
        experiments.add(cpuSide.withConclusions(concat(ThreadingFindings.sideBySide(cpuSide, cpu.cores()), skipped)));
        if (options.depth() != Depth.QUICK) {
            SeriesResult waitSide = ThreadingResults.speedups("wait-side-by-side", waits, py.map(CPythonFigures::waits), pyLabel);
            experiments.add(waitSide.withConclusions(skipped));
        }

        var rows = new ArrayList<>(convoyRows);
        py.map(CPythonFigures::convoy).ifPresentOrElse(c -> {
            String setup = pyLabel;
            rows.add(ThreadingResults.convoyRow(setup, 0, c.alone()));
            rows.add(ThreadingResults.convoyRow(setup, c.hogs(), c.withHogs()));
        }, () -> rows.add(ThreadingResults.skippedRow(peer.skipped() != null ? peer.skipped() : "the peer did not measure it")));
        TableResult convoy = ThreadingResults.convoy(rows, Optional.of("The switch interval is CPython's default, "
                + Format.duration(GilOptions.DEFAULT_SWITCH_INTERVAL.toNanos()) + "."), plan.convoyWindow());
        convoy = convoy.withConclusions(concat(ThreadingFindings.convoy(convoy, GilOptions.DEFAULT_SWITCH_INTERVAL.toNanos()), skipped));
        experiments.add(convoy);

        if (!sweep.isEmpty()) {
            List<SeriesResult> views = ThreadingResults.sweep(plan.sweepMs(), SWEEP_HOGS, sweep,
                    py.map(CPythonFigures::sweep), pyLabel);
            experiments.add(views.get(0).withConclusions(ThreadingFindings.sweepLatency(views.get(0))));
            experiments.add(views.get(1).withConclusions(concat(ThreadingFindings.sweepWork(views.get(1)), skipped)));
        }
        return new ChapterResult(number(), id(), title(), experiments,
                ThreadingFindings.chapter(cpu, waits, Optional.of(convoy)), elapsedNanos);
    }

    private static GridResult grid(String id, String title, Workload workload, List<Model> models, Plan plan,
                                   ChapterOptions options, ProgressListener progress) throws Exception {
        return Experiment.of(id, title, workload)
                .models(models)
                .sizes(plan.sizes())
                .warmups(options.warmupsOrDefault())
                .repetitions(options.repetitionsOrDefault())
                .run(progress);
    }

    /** The convoy rows the simulator measures at this depth. */
    private static List<TableResult.Row> convoy(Plan plan, CpuHog hog, ProgressListener progress) throws Exception {
        record Setup(String label, GilOptions options, int hogs) {
        }
        var setups = new ArrayList<>(List.of(
                new Setup(Labels.GIL_SETUP, GilOptions.cpython(), 0),
                new Setup(Labels.GIL_SETUP, GilOptions.cpython(), 1),
                new Setup(Labels.FREE_SETUP, GilOptions.freeThreaded(), 1)));
        if (plan.twoHogRows()) {
            setups.add(new Setup(Labels.GIL_SETUP, GilOptions.cpython(), 2));
            setups.add(new Setup(Labels.FIFO_SETUP, GilOptions.cpython().withHandOff(GilOptions.HandOff.FIFO), 2));
        }
        var rows = new ArrayList<TableResult.Row>();
        progress.begin("Convoy effect", setups.size());
        try {
            for (Setup s : setups) {
                var result = EchoConvoy.run(s.options(), s.hogs(), hog, plan.convoyWindow(), MAX_REQUESTS);
                rows.add(ThreadingResults.convoyRow(s.label(), s.hogs(), result));
                progress.step(Labels.convoyRow(s.label(), s.hogs()));
            }
        } finally {
            progress.end();
        }
        return rows;
    }

    private static List<EchoConvoy.Result> sweep(Plan plan, CpuHog hog, ProgressListener progress) throws Exception {
        var results = new ArrayList<EchoConvoy.Result>();
        if (plan.sweepMs().isEmpty()) {
            return results;
        }
        progress.begin("Switch-interval sweep", plan.sweepMs().size());
        try {
            for (double ms : plan.sweepMs()) {
                var options = GilOptions.cpython().withSwitchInterval(Duration.ofNanos(Math.round(ms * 1e6)));
                results.add(EchoConvoy.run(options, SWEEP_HOGS, hog, plan.sweepWindow(), MAX_REQUESTS));
                progress.step(Format.number(ms) + " ms");
            }
        } finally {
            progress.end();
        }
        return results;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
