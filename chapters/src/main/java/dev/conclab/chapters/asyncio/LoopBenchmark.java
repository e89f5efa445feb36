package dev.conclab.chapters.asyncio;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.site.LatencySite;
import dev.conclab.loop.site.SiteProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.conclab.lab.report.Format.duration;

/**
 * {@code conclab bench loop}: the event loop's speed goals on this machine.
 * <ul>
 *   <li>10,000 timers of 100 ms all fire within 0.25 s of being scheduled.</li>
 *   <li>10,000 requests to a 50 ms site with 1,000 in flight on the loop's client reach at
 *       least 60% of the limit (1,000 / 50 ms = 20,000 requests/s), and at least as many
 *       requests/s as CPython's asyncio + aiohttp with the same settings (when the peer runs).</li>
 * </ul>
 */
public final class LoopBenchmark implements Benchmark {

    @Override
    public String id() {
        return "loop";
    }

    @Override
    public String description() {
        return "10,000 x 100 ms timers; 10,000 requests at 1,000 in flight to a 50 ms site, loop client vs aiohttp";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int timers = full ? 10_000 : 1_000;
        int requests = full ? 10_000 : 1_000;
        int inFlight = full ? 1_000 : 100;
        int repetitions = full ? 5 : 2;
        Duration latency = Duration.ofMillis(50);

        progress.begin("timers and requests on the loop", repetitions * 2L + 2);
        var timerWalls = new ArrayList<Double>();
        for (int r = -1; r < repetitions; r++) {
            double wall = timers(timers, Duration.ofMillis(100));
            if (r >= 0) {
                timerWalls.add(wall);
            }
            progress.step("timers");
        }
        var rps = new ArrayList<Double>();
        var p99 = new ArrayList<Double>();
        AsyncioPeer peer;
        try (var site = SiteProcess.start(LatencySite.Settings.DEFAULTS.withLatency(latency))) {
            var measurer = new LoadMeasurer();
            var client = new LoopClientLoad();
            for (int r = -1; r < repetitions; r++) {
                LoadRun run = measurer.measure(client, site.uri(), requests, inFlight, 1024);
                if (r >= 0) {
                    rps.add(run.throughput());
                    p99.add(run.p99Nanos() / 1e9);
                }
                progress.step("loop client");
            }
            peer = AsyncioPeer.run(site.uri(), List.of(requests), inFlight, full ? 3 : 1, 1, 1024, 0, Duration.ofMinutes(10));
            progress.step("aiohttp");
        } finally {
            progress.end();
        }

        double limit = inFlight / (latency.toNanos() / 1e9);
        var timersWall = seconds("timers.wall", timers + " timers of 100 ms: from scheduling the first to the last firing", timerWalls);
        var loopRps = figure("http.loop.rps", requests + " requests, " + inFlight + " in flight, loop client", "req/s", rps);
        var ofLimit = new Figure("http.loop.ofLimit", "loop client: fraction of the limit (" + Math.round(limit) + " req/s)", "x",
                loopRps.value() / limit, null);
        var loopP99 = seconds("http.loop.p99", "loop client: request latency p99", p99);
        var figures = new ArrayList<>(List.of(timersWall, loopRps, ofLimit, loopP99));
        var goals = new ArrayList<>(List.of(Goal.atMost(timersWall, 0.25), Goal.atLeast(ofLimit, 0.6)));
        var notes = new ArrayList<String>();
        notes.add("%d timers of 100 ms fired %s after the first was scheduled (median of %d); %s above the wait itself."
                .formatted(timers, duration(timersWall.value() * 1e9), repetitions, duration((timersWall.value() - 0.1) * 1e9)));
        notes.add("The loop client did %.0f requests/s with %d in flight against a limit of %.0f (%.0f%%)."
                .formatted(loopRps.value(), inFlight, limit, 100 * ofLimit.value()));
        var aiohttpRuns = peer.ran() ? peer.http().stream().flatMap(s -> s.runs().stream()).map(LoadRun::throughput).toList() : List.<Double>of();
        if (!aiohttpRuns.isEmpty()) {
            var aiohttp = figure("http.aiohttp.rps", "the same with CPython asyncio + aiohttp (" + peer.label() + ")", "req/s", aiohttpRuns);
            var ratio = new Figure("http.loop.vsAiohttp", "loop client requests/s over aiohttp's", "x", loopRps.value() / aiohttp.value(), null);
            figures.add(aiohttp);
            figures.add(ratio);
            goals.add(Goal.atLeast(ratio, 1.0));
            notes.add("aiohttp did %.0f requests/s with the same settings: the loop client did %.2fx as many."
                    .formatted(aiohttp.value(), ratio.value()));
        } else {
            notes.add("The aiohttp comparison was skipped: " + peer.skipped() + ".");
        }
        return BenchResult.of(id(), size, figures, goals, notes);
    }

    /** Seconds from scheduling the first of {@code n} timers to the last one firing. */
    static double timers(int n, Duration delay) {
        try (var loop = EventLoop.create()) {
            long[] last = {0};
            int[] fired = {0};
            var done = loop.<Void>createFuture();
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                loop.callLater(delay, () -> {
                    last[0] = System.nanoTime();
                    if (++fired[0] == n) {
                        done.complete(null);
                    }
                });
            }
            loop.runUntilComplete(done);
            return (last[0] - started) / 1e9;
        }
    }

    private static Figure seconds(String name, String label, List<Double> seconds) {
        return figure(name, label, "s", seconds);
    }

    private static Figure figure(String name, String label, String unit, List<Double> values) {
        Stat stat = Stat.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new Figure(name, label, unit, stat.median(), stat);
    }
}
