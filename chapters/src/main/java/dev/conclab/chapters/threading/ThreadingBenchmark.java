package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.model.SequentialModel;
import dev.conclab.lab.model.ThreadPerTaskModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.times;

/**
 * {@code conclab bench gil}: does the GIL simulator do what CPython's GIL does, on this machine?
 * <ul>
 *   <li>2 CPU-bound tasks on 2 GIL threads: at most 1.1x sequential, while 2 Java threads reach
 *       at least 1.9x (on at least 2 cores);</li>
 *   <li>100 waits of 50 ms on 100 GIL threads: within 2x of the 50 ms limit;</li>
 *   <li>an I/O thread next to a CPU hog: p99 at least 5 ms under the GIL (the convoy), under
 *       1 ms free-threaded;</li>
 *   <li>when CPython is present: the simulator's 2-thread CPU speedup within 0.2x of CPython's.</li>
 * </ul>
 */
public final class ThreadingBenchmark implements Benchmark {

    @Override
    public String id() {
        return "gil";
    }

    @Override
    public String description() {
        return "GIL simulator vs Java threads vs CPython: CPU speedup, 100 waits, convoy latency";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        Duration cpuUnit = Duration.ofMillis(full ? 100 : 10);
        int waits = full ? 100 : 20;
        Duration wait = Duration.ofMillis(50);
        Duration window = Duration.ofMillis(full ? 2_000 : 300);

        GridResult cpu = Experiment.of("cpu", "2 CPU-bound tasks", GilWorkloads.sumOfSquares(cpuUnit))
                .models(List.of(new SequentialModel(), new ThreadPerTaskModel(), GilThreadsModel.byId(GilThreadsModel.GIL),
                        GilThreadsModel.byId(GilThreadsModel.FREE_THREADED)))
                .sizes(2).warmups(full ? 2 : 1).repetitions(full ? 7 : 2)
                .run(progress);
        GridResult sleeps = Experiment.of("waits", waits + " waits", GilWorkloads.sleep(wait))
                // Java threads beside them: what starting that many threads costs without any GIL.
                .models(List.of(new ThreadPerTaskModel(), GilThreadsModel.byId(GilThreadsModel.GIL)))
                .sizes(waits).warmups(1).repetitions(full ? 5 : 2)
                .run(progress);

        CpuHog hog = CpuHog.sumOfSquares(Duration.ofMillis(10));
        progress.begin("Convoy", 3);
        EchoConvoy.Result alone;
        EchoConvoy.Result gilHog;
        EchoConvoy.Result freeHog;
        try {
            alone = EchoConvoy.run(GilOptions.cpython(), 0, hog, window, ThreadingChapter.MAX_REQUESTS);
            progress.step("GIL, alone");
            gilHog = EchoConvoy.run(GilOptions.cpython(), 1, hog, window, ThreadingChapter.MAX_REQUESTS);
            progress.step("GIL, 1 hog");
            freeHog = EchoConvoy.run(GilOptions.freeThreaded(), 1, hog, window, ThreadingChapter.MAX_REQUESTS);
            progress.step("free-threaded, 1 hog");
        } finally {
            progress.end();
        }

        progress.begin("CPython peer", 1);
        CPythonPeer peer;
        try {
            peer = CPythonPeer.run(List.of("--parts", "cpu", "--sizes", "2", "--cpu-unit-ms", String.valueOf(cpuUnit.toMillis()),
                    "--warmup", full ? "2" : "1", "--repeat", full ? "5" : "2"), ThreadingChapter.PEER_TIMEOUT);
            progress.step(peer.figures().map(CPythonFigures::label).orElse("skipped"));
        } finally {
            progress.end();
        }

        Cell gil = cpu.cell(GilThreadsModel.GIL, 2).orElseThrow();
        Cell java = cpu.cell("threads", 2).orElseThrow();
        Cell free = cpu.cell(GilThreadsModel.FREE_THREADED, 2).orElseThrow();
        Cell waited = sleeps.cell(GilThreadsModel.GIL, waits).orElseThrow();
        Cell javaWaited = sleeps.cell("threads", waits).orElseThrow();

        var gilSpeedup = new Figure("gil.cpu.speedup.2threads", "2 CPU tasks on 2 GIL threads: speedup over sequential", "x", gil.speedup(), null);
        var javaSpeedup = new Figure("java.cpu.speedup.2threads", "2 CPU tasks on 2 Java threads: speedup over sequential", "x", java.speedup(), null);
        var freeSpeedup = new Figure("free.cpu.speedup.2threads", "2 CPU tasks on 2 free-threaded threads: speedup", "x", free.speedup(), null);
        var waitWall = seconds("gil.waits.wall", waits + " waits of 50 ms on " + waits + " GIL threads", waited.wallNanos());
        var javaWaitWall = seconds("java.waits.wall", waits + " waits of 50 ms on " + waits + " Java threads", javaWaited.wallNanos());
        var aloneP99 = millis("gil.convoy.alone.p99", "I/O thread alone under the GIL: p99 round trip", alone.p99Nanos());
        var hogP50 = millis("gil.convoy.hog.p50", "I/O thread next to a CPU hog under the GIL: p50", gilHog.p50Nanos());
        var hogP99 = millis("gil.convoy.hog.p99", "I/O thread next to a CPU hog under the GIL: p99", gilHog.p99Nanos());
        var freeP99 = millis("free.convoy.hog.p99", "I/O thread next to a CPU hog, free-threaded: p99", freeHog.p99Nanos());

        var figures = new ArrayList<>(List.of(gilSpeedup, javaSpeedup, freeSpeedup, waitWall, javaWaitWall, aloneP99, hogP50,
                hogP99, freeP99));
        var goals = new ArrayList<>(List.of(Goal.atMost(gilSpeedup, 1.1), Goal.atLeast(javaSpeedup, 1.9),
                Goal.atMost(waitWall, 2 * wait.toNanos() / 1e9), Goal.atLeast(hogP99, 5), Goal.atMost(freeP99, 1)));
        var notes = new ArrayList<>(List.of(
                "2 CPU tasks of %s on %d cores: GIL threads %s, Java threads %s, free-threaded %s sequential.".formatted(
                        duration(cpu.workload().unitNanos()), cpu.cores(), times(gil.speedup()), times(java.speedup()), times(free.speedup())),
                "%d waits of 50 ms: %s on GIL threads, %s on Java threads (limit 50 ms): %s.".formatted(
                        waits, duration(waited.wallNanos().median()), duration(javaWaited.wallNanos().median()),
                        waited.wallNanos().median() > javaWaited.wallNanos().median()
                                ? "the GIL added " + duration(waited.wallNanos().median() - javaWaited.wallNanos().median())
                                        + " to starting and ending the threads, the rest is the threads' own cost"
                                : "the GIL added nothing measurable"),
                "Convoy: the I/O thread's p50/p99 was %s/%s alone, %s/%s next to a CPU hog under the GIL, %s/%s free-threaded; %s GIL switches per second with the hog.".formatted(
                        duration(alone.p50Nanos()), duration(alone.p99Nanos()), duration(gilHog.p50Nanos()), duration(gilHog.p99Nanos()),
                        duration(freeHog.p50Nanos()), duration(freeHog.p99Nanos()), Math.round(gilHog.switchesPerSecond()))));

        Optional<Stat> cpythonSpeedup = peer.figures().map(CPythonFigures::cpu).flatMap(grid -> grid.threadSpeedup(2));
        if (cpythonSpeedup.isPresent()) {
            String label = peer.figures().orElseThrow().realLabel();
            Stat speedup = cpythonSpeedup.get();
            var cpython = new Figure("cpython.cpu.speedup.2threads", label + ": 2 CPU tasks on 2 threads", "x", speedup.median(), speedup);
            var gap = new Figure("gil.cpu.speedup.gap", "|simulator - CPython| 2-thread CPU speedup", "x",
                    Math.abs(gil.speedup() - speedup.median()), null);
            figures.add(cpython);
            figures.add(gap);
            goals.add(Goal.atMost(gap, ThreadingFindings.FAITHFUL));
            notes.add("%s: 2 threads ran at %s sequential; the simulator's GIL threads at %s.".formatted(label,
                    times(speedup.median()), times(gil.speedup())));
        } else {
            notes.add(peer.figures().isPresent() ? "CPython: the peer printed no CPU figures." : peer.skippedSentence());
        }
        return BenchResult.of(id(), size, figures, goals, notes);
    }

    private static Figure seconds(String name, String label, Stat nanos) {
        return new Figure(name, label, "s", nanos.median() / 1e9, new Stat(nanos.median() / 1e9, nanos.min() / 1e9, nanos.max() / 1e9));
    }

    private static Figure millis(String name, String label, long nanos) {
        return new Figure(name, label, "ms", nanos / 1e6, null);
    }
}
