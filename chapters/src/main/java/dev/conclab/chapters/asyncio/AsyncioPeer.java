package dev.conclab.chapters.asyncio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.peer.PythonPeer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plan's own program, {@code peers/python/ch04_asyncio.py}: asyncio + aiohttp against the
 * same latency site, and asyncio.sleep in many tasks, run with real CPython.
 *
 * @param label    "aiohttp 3.8.4 on CPython 3.11.2", or null when skipped
 * @param http     one run list per request count
 * @param sleep    wall times of the sleep runs (seconds), empty if not run
 * @param skipped  why the peer did not run, or null
 */
record AsyncioPeer(String label, List<HttpSize> http, int sleepTasks, List<Double> sleep, String skipped) {

    /** The runs at one request count. */
    record HttpSize(int requests, List<LoadRun> runs) {
    }

    static final String SCRIPT = "ch04_asyncio.py";

    static AsyncioPeer run(URI site, List<Integer> requests, int repeat, int warmup, int bodyBytes, int sleepTasks, Duration timeout) {
        return run(site, requests, 0, repeat, warmup, bodyBytes, sleepTasks, timeout);
    }

    /** With at most {@code concurrency} requests in flight (0: all of them). */
    static AsyncioPeer run(URI site, List<Integer> requests, int concurrency, int repeat, int warmup, int bodyBytes, int sleepTasks,
                           Duration timeout) {
        var args = List.of("--url", site.toString(), "--requests", requests.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--concurrency", String.valueOf(concurrency),
                "--repeat", String.valueOf(repeat), "--warmup", String.valueOf(warmup), "--body", String.valueOf(bodyBytes),
                "--sleep-tasks", String.valueOf(sleepTasks), "--sleep-ms", "100");
        PythonPeer.Outcome outcome = PythonPeer.run(SCRIPT, args, List.of("aiohttp=python3-aiohttp"), timeout);
        if (outcome instanceof PythonPeer.Skipped skipped) {
            return new AsyncioPeer(null, List.of(), sleepTasks, List.of(), skipped.reason());
        }
        var ran = (PythonPeer.Ran) outcome;
        JsonNode json = ran.json();
        var sizes = new ArrayList<HttpSize>();
        for (JsonNode size : json.path("http")) {
            int n = size.path("requests").asInt();
            var runs = new ArrayList<LoadRun>();
            for (JsonNode r : size.path("runs")) {
                runs.add(new LoadRun("aiohttp", n, size.path("concurrency").asInt(n), nanos(r, "wallSeconds"), nanos(r, "cpuSeconds"),
                        r.path("threads").asInt(1), r.path("rssGrowthBytes").asLong(-1), -1, nanos(r, "p50Seconds"),
                        nanos(r, "p99Seconds"), nanos(r, "maxSeconds"), r.path("failures").asInt(),
                        r.path("firstFailure").isNull() ? null : r.path("firstFailure").asText()));
            }
            sizes.add(new HttpSize(n, runs));
        }
        var sleep = new ArrayList<Double>();
        json.path("sleep").path("wallSeconds").forEach(w -> sleep.add(w.asDouble()));
        String label = "aiohttp " + json.path("aiohttp").asText("?") + " on " + ran.interpreter().label();
        return new AsyncioPeer(label, sizes, json.path("sleep").path("tasks").asInt(sleepTasks), sleep, null);
    }

    private static long nanos(JsonNode run, String field) {
        return Math.round(run.path(field).asDouble() * 1e9);
    }

    boolean ran() {
        return skipped == null;
    }
}
