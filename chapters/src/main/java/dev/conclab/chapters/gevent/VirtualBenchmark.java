package dev.conclab.chapters.gevent;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.virtual.ThreadScale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.conclab.lab.report.Format.bytes;
import static dev.conclab.lab.report.Format.duration;

/**
 * {@code conclab bench virtual}: chapter 7's scale goals.
 * <ul>
 *   <li>1,000,000 virtual threads that each sleep 1 s are all done within 3 s, with at most 2 GiB
 *       of heap in use once all have started;</li>
 *   <li>10,000 virtual threads that each sleep 100 ms are done within 0.25 s;</li>
 *   <li>memory per waiting virtual thread, platform thread and greenlet (CPython's gevent),
 *       measured on this machine, without goals.</li>
 * </ul>
 */
public final class VirtualBenchmark implements Benchmark {

    @Override
    public String id() {
        return "virtual";
    }

    @Override
    public String description() {
        return "1M virtual threads sleeping 1 s; 10k x 100 ms; memory per waiting virtual thread, platform thread, greenlet";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int million = full ? 1_000_000 : 20_000;
        int repetitions = full ? 3 : 1;
        progress.begin("bench virtual", 2L * repetitions + 3);
        var figures = new ArrayList<Figure>();
        var notes = new ArrayList<String>();
        try {
            ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, 10_000, Duration.ofMillis(100)); // warm-up
            double[] millionWall = new double[repetitions];
            double[] millionHeap = new double[repetitions];
            double[] tenK = new double[repetitions];
            for (int r = 0; r < repetitions; r++) {
                System.gc();
                var big = ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, million, Duration.ofSeconds(1));
                if (big.completed() != million) {
                    throw new IllegalStateException("only " + big.completed() + " of " + million + " sleepers completed");
                }
                millionWall[r] = big.wallNanos() / 1e9;
                millionHeap[r] = big.peakHeapBytes();
                progress.step(million + " sleepers");
                tenK[r] = ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, 10_000, Duration.ofMillis(100)).wallNanos() / 1e9;
                progress.step("10k sleepers");
            }
            Stat wall = Stat.of(millionWall);
            Stat heap = Stat.of(millionHeap);
            Stat small = Stat.of(tenK);
            var millionFigure = new Figure("sleep.1m.wall", String.format("%,d virtual threads sleeping 1 s: all done", million),
                    "s", wall.median(), wall);
            var heapFigure = new Figure("sleep.1m.heap", "heap in use once all had started", "bytes", heap.median(), heap);
            var tenKFigure = new Figure("sleep.10k.wall", "10,000 virtual threads sleeping 100 ms: all done", "s", small.median(), small);
            figures.add(millionFigure);
            figures.add(heapFigure);
            figures.add(tenKFigure);

            var virtual = ThreadScale.crowd(ThreadScale.Kind.VIRTUAL, 100_000);
            progress.step("virtual crowd");
            var platform = ThreadScale.crowd(ThreadScale.Kind.PLATFORM, Math.min(10_000, ThreadScale.platformHeadroom()));
            progress.step("platform crowd");
            figures.add(new Figure("memory.virtual", "memory (heap + native) per waiting virtual thread (100,000)", "bytes",
                    virtual.totalBytesPerThread(), null));
            figures.add(new Figure("memory.virtual.heap", "heap per waiting virtual thread (100,000)", "bytes",
                    virtual.heapBytesPerThread(), null));
            figures.add(new Figure("memory.platform", "memory (heap + native) per waiting platform thread (" + platform.started() + ")",
                    "bytes", platform.totalBytesPerThread(), null));
            var peer = PythonPeer.run(GeventChapter.PEER, List.of("--socket=100", "10000"), List.of("gevent=python3-gevent"),
                    Duration.ofMinutes(3));
            progress.step("gevent peer");
            switch (peer) {
                case PythonPeer.Ran ran -> {
                    double greenlet = ran.json().path("results").get(0).path("residentBytesPerGreenlet").asDouble();
                    figures.add(new Figure("memory.greenlet.resident", "resident memory per waiting greenlet (10,000, "
                            + ran.interpreter().label() + ", gevent " + ran.json().path("gevent").asText() + ")", "bytes", greenlet, null));
                    notes.add("Per waiting task: virtual thread %s, platform thread %s (heap + native), greenlet %s (resident)."
                            .formatted(bytes(virtual.totalBytesPerThread()), bytes(platform.totalBytesPerThread()), bytes(greenlet)));
                }
                case PythonPeer.Skipped skipped -> notes.add("No greenlet figure: " + skipped.reason() + ".");
            }
            notes.add("%,d sleepers of 1 s: %s (%s over the sleep); heap %s once all had started."
                    .formatted(million, duration(wall.median() * 1e9), duration((wall.median() - 1) * 1e9), bytes(heap.median())));
            var goals = List.of(Goal.atMost(millionFigure, 3.0), Goal.atMost(heapFigure, 2.0 * 1024 * 1024 * 1024),
                    Goal.atMost(tenKFigure, 0.25));
            return BenchResult.of(id(), size, figures, goals, notes);
        } finally {
            progress.end();
        }
    }
}
