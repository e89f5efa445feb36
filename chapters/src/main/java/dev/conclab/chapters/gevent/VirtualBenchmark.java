package dev.conclab.chapters.gevent;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.virtual.SleepersMain;
import dev.conclab.virtual.ThreadScale;
import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.conclab.lab.report.Format.bytes;
import static dev.conclab.lab.report.Format.duration;

/**
 * {@code conclab bench virtual}: chapter 7's scale goals.
 * <ul>
 *   <li>1,000,000 virtual threads that each sleep 1 s are all done within 3 s, with at most 2 GiB
 *       of heap in use once all have started; measured in fresh JVMs with default flags and with a
 *       young generation sized for the burst, the goal judged on the better;</li>
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

    /** JVM flag sets the million-sleeper run is measured with, each in a fresh JVM. */
    static final List<List<String>> FLAG_SETS = List.of(
            List.of(),
            // A young generation big enough for the whole burst: a million short-lived virtual
            // threads are born, sleep and die without one collection copying them.
            List.of("-XX:+UseParallelGC", "-Xms4g", "-Xmn3g"));

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int million = full ? 1_000_000 : 20_000;
        int repetitions = full ? 3 : 1;
        progress.begin("bench virtual", (long) FLAG_SETS.size() * repetitions + repetitions + 3);
        var figures = new ArrayList<Figure>();
        var notes = new ArrayList<String>();
        try {
            Figure best = null;
            Figure bestHeap = null;
            for (List<String> flags : FLAG_SETS) {
                double[] wall = new double[repetitions];
                double[] heap = new double[repetitions];
                double[] gcs = new double[repetitions];
                for (int r = 0; r < repetitions; r++) {
                    JsonNode run = sleepersInFreshJvm(flags, million, 1000);
                    if (run.path("completed").asInt() != million) {
                        throw new IllegalStateException("only " + run.path("completed").asInt() + " of " + million + " sleepers completed");
                    }
                    wall[r] = run.path("wallNanos").asLong() / 1e9;
                    heap[r] = run.path("heapAfterStartBytes").asLong();
                    gcs[r] = run.path("gcCount").asLong();
                    progress.step(million + " sleepers " + flags);
                }
                String key = flags.isEmpty() ? "default" : "young";
                String label = flags.isEmpty() ? "default JVM flags" : String.join(" ", flags);
                Stat w = Stat.of(wall);
                Stat h = Stat.of(heap);
                var wallFigure = new Figure("sleep.1m.wall." + key, String.format("%,d virtual threads sleeping 1 s, all done (%s)", million, label),
                        "s", w.median(), w);
                var heapFigure = new Figure("sleep.1m.heap." + key, "heap in use once all had started (" + label + ")", "bytes", h.median(), h);
                figures.add(wallFigure);
                figures.add(heapFigure);
                figures.add(new Figure("sleep.1m.gc." + key, "collections during the run (" + label + ")", "count",
                        Stat.of(gcs).median(), Stat.of(gcs)));
                notes.add("%,d sleepers of 1 s with %s: %s (%s over the sleep), heap %s once all had started, %s collections."
                        .formatted(million, label, duration(w.median() * 1e9), duration((w.median() - 1) * 1e9), bytes(h.median()),
                                (long) Stat.of(gcs).median()));
                if (best == null || wallFigure.value() < best.value()) {
                    best = wallFigure;
                    bestHeap = heapFigure;
                }
            }
            double[] tenK = new double[repetitions];
            ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, 10_000, Duration.ofMillis(100)); // warm-up
            for (int r = 0; r < repetitions; r++) {
                tenK[r] = ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, 10_000, Duration.ofMillis(100)).wallNanos() / 1e9;
                progress.step("10k sleepers");
            }
            Stat small = Stat.of(tenK);
            var tenKFigure = new Figure("sleep.10k.wall", "10,000 virtual threads sleeping 100 ms: all done", "s", small.median(), small);
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
                    figures.add(new Figure("memory.greenlet", "resident memory per waiting greenlet (10,000, "
                            + ran.interpreter().label() + ", gevent " + ran.json().path("gevent").asText() + ")", "bytes", greenlet, null));
                    notes.add("Per waiting task: virtual thread %s, platform thread %s (heap + native), greenlet %s (resident)."
                            .formatted(bytes(virtual.totalBytesPerThread()), bytes(platform.totalBytesPerThread()), bytes(greenlet)));
                }
                case PythonPeer.Skipped skipped -> notes.add("No greenlet figure: " + skipped.reason() + ".");
            }
            notes.add("The goals are judged on the best flag set (" + best.label() + ").");
            var goals = List.of(Goal.atMost(best, 3.0), Goal.atMost(bestHeap, 2.0 * 1024 * 1024 * 1024),
                    Goal.atMost(tenKFigure, 0.25));
            return BenchResult.of(id(), size, figures, goals, notes);
        } finally {
            progress.end();
        }
    }

    /** Runs {@link SleepersMain} in a fresh JVM with {@code flags} and returns its JSON line. */
    static JsonNode sleepersInFreshJvm(List<String> flags, int threads, long sleepMillis) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("--enable-preview", "-cp", System.getProperty("java.class.path"), SleepersMain.class.getName(),
                String.valueOf(threads), String.valueOf(sleepMillis), "1"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("the sleepers JVM (" + flags + ") failed: " + out.strip());
        }
        return Json.mapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }
}
