package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.peer.PythonPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code conclab bench process}: the process pool's speed goals. Two workers on CPU-bound work
 * reach at least 1.8x the sequential batch (pool started beforehand); the per-task overhead of a
 * no-op at chunksize 1 is at or below CPython's {@code Pool.map} on the same machine; and the
 * pool's start-up is reported beside CPython's.
 */
public final class ProcessBenchmark implements Benchmark {

    static final int WORKERS = 2;

    @Override
    public String id() {
        return "process";
    }

    @Override
    public String description() {
        return "process pool: 2 workers >= 1.8x sequential on CPU work; per-task overhead at chunksize 1 against CPython's Pool";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        var scaling = Scaling.run(new Scaling.Plan(List.of(WORKERS), full ? 32 : 8, Duration.ofMillis(full ? 10 : 2), full ? 5 : 1),
                progress);
        var overhead = Overhead.run(new Overhead.Plan(WORKERS, full ? 20_000 : 500, List.of(1, 100), full ? 5 : 1), progress);
        var startup = Startup.run(new Startup.Plan(WORKERS, full ? 7 : 1, 0, false), progress);
        CPythonMultiprocessing peer;
        if (full) {
            progress.begin("CPython multiprocessing", 1);
            try {
                peer = CPythonMultiprocessing.of(PythonPeer.run(CPythonMultiprocessing.SCRIPT,
                        List.of("--workers", String.valueOf(WORKERS)), List.of(), Duration.ofMinutes(5)));
            } finally {
                progress.step("peer");
                progress.end();
            }
        } else {
            peer = CPythonMultiprocessing.run(ChapterOptions.Depth.QUICK, WORKERS);
        }

        var figures = new ArrayList<Figure>();
        var goals = new ArrayList<Goal>();
        var notes = new ArrayList<String>();
        Stat seq = scaling.sequential();
        Stat proc = scaling.processes().getFirst();
        figures.add(seconds("cpu.sequential", "CPU batch, sequential", seq));
        figures.add(seconds("cpu.processes.2workers", "CPU batch, ProcessPool of 2 (started beforehand)", proc));
        figures.add(seconds("cpu.threads.2workers", "CPU batch, 2 threads", scaling.threads().getFirst()));
        var speedup = new Figure("cpu.speedup.2workers", "ProcessPool of 2 over sequential", "x", scaling.processSpeedup(WORKERS), null);
        figures.add(speedup);
        goals.add(Goal.atLeast(speedup, 1.8));

        var javaOverhead = new Figure("overhead.noop.chunksize1", "no-op per task, Pool.map-style, chunksize 1, 2 workers", "µs",
                overhead.mapMicros(1), null);
        figures.add(javaOverhead);
        figures.add(new Figure("overhead.noop.chunksize100", "no-op per task, chunksize 100", "µs", overhead.mapMicros(100), null));
        Stat start = startup.startupOf(Startup.DEFAULT).orElseThrow();
        figures.add(new Figure("startup.2workers", "pool start-up: 2 worker JVMs until each answered", "ms", start.median() / 1e6,
                new Stat(start.median() / 1e6, start.min() / 1e6, start.max() / 1e6)));
        if (peer.ran()) {
            var pyOverhead = new Figure("cpython.overhead.noop.chunksize1", peer.label() + " Pool.map no-op per task, chunksize 1",
                    "µs", peer.poolMapMicros(1), null);
            figures.add(pyOverhead);
            figures.add(new Figure("cpython.overhead.noop.chunksize100", peer.label() + " Pool.map no-op per task, chunksize 100",
                    "µs", peer.poolMapMicros(100), null));
            figures.add(new Figure("cpython.startup.2workers", peer.label() + " Pool(2) start-up, start method "
                    + peer.json().path("defaultStartMethod").asText(), "ms", peer.defaultStartupSeconds() * 1e3, null));
            goals.add(Goal.atMost(javaOverhead, pyOverhead.value()));
        } else {
            notes.add("No per-task goal was judged: CPython's figure is missing (" + peer.skipped() + ").");
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        figures.add(new Figure("machine.loadAverage", "1-minute load average after the run (other work on the machine)", "", load, null));
        int cores = Runtime.getRuntime().availableProcessors();
        MultiprocessingFindings.machineBusy(scaling, cores, load).ifPresent(notes::add);
        notes.addAll(MultiprocessingFindings.scaling(scaling, peer, cores));
        notes.addAll(MultiprocessingFindings.overhead(overhead, peer));
        notes.addAll(MultiprocessingFindings.startup(startup, peer));
        return BenchResult.of(id(), size, figures, goals, notes);
    }

    private static Figure seconds(String name, String label, Stat nanos) {
        return new Figure(name, label, "s", nanos.median() / 1e9, new Stat(nanos.median() / 1e9, nanos.min() / 1e9, nanos.max() / 1e9));
    }
}
