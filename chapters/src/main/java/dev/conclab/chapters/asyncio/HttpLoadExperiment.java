package dev.conclab.chapters.asyncio;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The chapter's main experiment: N GETs at once to the latency site under every load client,
 * at every size, warm-ups first and the measured repetitions interleaved across clients (so a
 * drift of the machine spreads over all of them), with the CPython peer's runs beside them.
 */
final class HttpLoadExperiment {

    static final String TABLE_ID = "http";
    static final String SERIES_ID = "http-throughput";
    static final String AIOHTTP = "aiohttp";

    static final List<Column> COLUMNS = List.of(
            new Column("concurrency", "in flight", "count"),
            new Column("wall", "wall", "ns"),
            new Column("throughput", "requests/s", "req/s"),
            new Column("ofLimit", "of limit", "fraction"),
            new Column("p50", "latency p50", "ns"),
            new Column("p99", "latency p99", "ns"),
            new Column("threads", "peak threads", "count"),
            new Column("rss", "RSS growth", "bytes"),
            new Column("heap", "heap growth", "bytes"),
            new Column("cpuPerRequest", "CPU per request", "ns"),
            new Column("failed", "failed", "count"));

    private HttpLoadExperiment() {
    }

    /** Measured runs by client id, then by request count. */
    static Map<String, Map<Integer, List<LoadRun>>> measure(URI site, int bodyBytes, List<LoadClient> clients, List<Integer> sizes,
                                                            int warmups, int warmupRequests, int repetitions, ProgressListener progress)
            throws Exception {
        var measurer = new LoadMeasurer();
        var runs = new LinkedHashMap<String, Map<Integer, List<LoadRun>>>();
        progress.begin("HTTP: " + sizes + " requests at once, " + clients.size() + " clients",
                (long) sizes.size() * clients.size() * (warmups + repetitions));
        try {
            for (int n : sizes) {
                for (LoadClient client : clients) {
                    for (int w = 0; w < warmups; w++) {
                        measurer.measure(client, site, Math.min(n, warmupRequests), Math.min(n, warmupRequests), bodyBytes);
                        progress.step(client.id() + " x" + n + " (warm-up)");
                    }
                }
                for (int r = 0; r < repetitions; r++) {
                    for (LoadClient client : clients) {
                        LoadRun run = measurer.measure(client, site, n, n, bodyBytes);
                        runs.computeIfAbsent(client.id(), k -> new LinkedHashMap<>()).computeIfAbsent(n, k -> new ArrayList<>()).add(run);
                        progress.step(client.id() + " x" + n);
                    }
                }
            }
        } finally {
            progress.end();
        }
        return runs;
    }

    /** Row label of one client at one size. */
    static String label(String client, int requests) {
        return client + " @ " + requests;
    }

    static TableResult table(Map<String, Map<Integer, List<LoadRun>>> runs, AsyncioPeer peer, Duration latency, List<Integer> sizes,
                             String description) {
        var rows = new ArrayList<Row>();
        for (int n : sizes) {
            runs.forEach((client, bySize) -> {
                List<LoadRun> measured = bySize.get(n);
                if (measured != null) {
                    rows.add(row(label(client, n), measured, latency));
                }
            });
            if (peer != null && peer.ran()) {
                peer.http().stream().filter(s -> s.requests() == n && !s.runs().isEmpty())
                        .forEach(s -> rows.add(row(label(AIOHTTP, n), s.runs(), latency)));
            }
        }
        return TableResult.of(TABLE_ID, "HTTP: N requests at once to a site that answers in " + duration(latency), description, COLUMNS, rows);
    }

    static SeriesResult series(Map<String, Map<Integer, List<LoadRun>>> runs, AsyncioPeer peer, Duration latency, List<Integer> sizes) {
        var x = sizes.stream().map(Integer::doubleValue).toList();
        var lines = new ArrayList<SeriesResult.Series>();
        runs.forEach((client, bySize) -> lines.add(new SeriesResult.Series(client,
                sizes.stream().map(n -> bySize.containsKey(n) ? stat(bySize.get(n), LoadRun::throughput) : null).toList(), false)));
        if (peer != null && peer.ran()) {
            lines.add(new SeriesResult.Series(peer.label(), sizes.stream().map(n -> peer.http().stream()
                    .filter(s -> s.requests() == n && !s.runs().isEmpty()).findFirst()
                    .map(s -> stat(s.runs(), LoadRun::throughput)).orElse(null)).toList(), false));
        }
        lines.add(new SeriesResult.Series("limit: every request in flight", sizes.stream()
                .map(n -> Stat.exactly(n / (latency.toNanos() / 1e9))).toList(), true));
        return SeriesResult.of(SERIES_ID, "Requests per second against the number in flight",
                "Median requests per second of each client at each size; the dashed line is what a client with every request in flight "
                        + "could reach if the machine cost nothing: requests / latency.",
                "requests at once", "requests per second", "req/s", true, true, x, lines);
    }

    private static Row row(String label, List<LoadRun> runs, Duration latency) {
        LoadRun first = runs.getFirst();
        long rounds = (first.requests() + first.concurrency() - 1) / first.concurrency();
        double limitNanos = rounds * (double) latency.toNanos();
        boolean hasRss = runs.stream().allMatch(r -> r.rssGrowthBytes() >= 0);
        boolean hasHeap = runs.stream().allMatch(r -> r.heapGrowthBytes() >= 0);
        return new Row(label, List.of(
                Value.of(first.concurrency()),
                Value.of(stat(runs, r -> r.wallNanos())),
                Value.of(stat(runs, LoadRun::throughput)),
                Value.of(stat(runs, r -> limitNanos / r.wallNanos())),
                Value.of(stat(runs, r -> r.p50Nanos())),
                Value.of(stat(runs, r -> r.p99Nanos())),
                Value.of(stat(runs, r -> r.peakThreads())),
                hasRss ? Value.of(stat(runs, r -> r.rssGrowthBytes())) : Value.none(),
                hasHeap ? Value.of(stat(runs, r -> r.heapGrowthBytes())) : Value.none(),
                Value.of(stat(runs, r -> (double) r.cpuNanos() / r.requests())),
                Value.of(stat(runs, r -> r.failures()))));
    }

    static Stat stat(List<LoadRun> runs, ToDoubleFunction<LoadRun> figure) {
        return Stat.of(runs.stream().mapToDouble(figure).toArray());
    }

    private static String duration(Duration d) {
        return dev.conclab.lab.report.Format.duration(d.toNanos());
    }
}
