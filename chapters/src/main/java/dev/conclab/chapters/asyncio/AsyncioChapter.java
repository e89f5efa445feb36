package dev.conclab.chapters.asyncio;

import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.loop.site.LatencySite;
import dev.conclab.loop.site.SiteProcess;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 4, asyncio: one thread, thousands of waits.
 *
 * <p>A latency site (in a JVM of its own) answers every request after 50 ms. Thousands of
 * requests at once go to it from five clients: conclab's event loop with its HTTP client (what
 * asyncio + aiohttp are in Python), thread pools of 100 and 1,000 platform threads with a
 * blocking client, a virtual thread per request with the same blocking client, and the JDK's
 * {@code HttpClient.sendAsync}; CPython's asyncio + aiohttp runs beside them. Then: many plain
 * waits (timers against virtual threads against asyncio.sleep), the same small program in
 * future style and in blocking style, and what one blocking call does to a loop. Conclusions
 * are computed by {@link AsyncioFindings}.
 */
public final class AsyncioChapter implements Chapter {

    static final List<String> CLIENTS = List.of("loop", "pool-100", "pool-1000", "virtual", "send-async");
    static final Duration LATENCY = Duration.ofMillis(50);
    static final int BODY = 1024;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String id() {
        return "asyncio";
    }

    @Override
    public String title() {
        return "Asyncio: one thread, thousands of waits";
    }

    @Override
    public String summary() {
        return "Thousands of HTTP requests at once to a 50 ms site: event loop, thread pools, virtual threads, sendAsync "
                + "and CPython's aiohttp; timers; one program in two styles; a blocked loop.";
    }

    @Override
    public List<String> models() {
        return CLIENTS;
    }

    /** What a depth runs. */
    record Plan(List<Integer> sizes, int warmups, int warmupRequests, int repetitions, List<Integer> peerSizes, int sleepTasks,
                int styleUrls, int blockingTicks) {
    }

    /** Quick and the tour run smaller counts to stay within their budgets (about 3 s and 20 s on 2 cores). */
    static Plan plan(ChapterOptions options) {
        return switch (options.depth()) {
            case QUICK -> new Plan(List.of(100), 1, 50, 1, List.of(100), 1_000, 50, 15);
            case TOUR -> new Plan(List.of(500, 2_000), 1, 200, 1, List.of(500), 10_000, 400, 30);
            case FULL -> new Plan(List.of(1_000, 10_000), 1, 1_000, 3, List.of(1_000, 10_000), 10_000, 2_000, 50);
        };
    }

    static LoadClient client(String id) {
        return switch (id) {
            case "loop" -> new LoopClientLoad();
            case "pool-100" -> new PlatformPoolLoad(100);
            case "pool-1000" -> new PlatformPoolLoad(1000);
            case "virtual" -> new VirtualThreadsLoad();
            case "send-async" -> new SendAsyncLoad();
            default -> throw new IllegalArgumentException("unknown client '" + id + "'; valid: " + String.join(", ", CLIENTS));
        };
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        Plan plan = plan(options);
        int repetitions = options.repetitions() != null ? options.repetitions() : plan.repetitions();
        int warmups = options.warmups() != null ? options.warmups() : plan.warmups();
        List<LoadClient> clients = options.modelsOr(CLIENTS).stream().map(AsyncioChapter::client).toList();

        // Each request in flight holds a socket here and one in the site: stay under the file limit.
        long fileLimit = fileLimit();
        int cap = (int) Math.max(100, Math.min(Integer.MAX_VALUE, fileLimit - 512));
        List<Integer> sizes = options.sizesOr(plan.sizes()).stream().map(n -> Math.min(n, cap)).distinct().sorted().toList();
        String capped = sizes.equals(options.sizesOr(plan.sizes())) ? ""
                : " Sizes were capped at " + cap + " requests: this process may open " + fileLimit + " files (ulimit -n).";

        var experiments = new ArrayList<ExperimentResult>();
        var conclusions = new ArrayList<String>();
        try (var site = SiteProcess.start(LatencySite.Settings.DEFAULTS.withLatency(LATENCY).withBody(BODY))) {
            var runs = HttpLoadExperiment.measure(site.uri(), BODY, clients, sizes, warmups, plan.warmupRequests(), repetitions, progress);
            progress.begin("CPython asyncio + aiohttp", 1);
            var peerSizes = plan.peerSizes().stream().filter(sizes::contains).toList();
            AsyncioPeer peer = AsyncioPeer.run(site.uri(), peerSizes.isEmpty() ? List.of(sizes.getFirst()) : peerSizes,
                    repetitions, 1, BODY, plan.sleepTasks(), Duration.ofMinutes(options.depth() == ChapterOptions.Depth.FULL ? 10 : 2));
            progress.step(peer.ran() ? peer.label() : "skipped");
            progress.end();

            String description = ("Each client sends N GETs of a %s body at once (all in flight) to the latency site, which runs in a JVM "
                    + "of its own and answers each after %s; median of %d run(s) (range in brackets) after %d warm-up(s) per client. "
                    + "Latency: from the start of a request to its whole response. RSS growth: peak resident memory during the run above "
                    + "what it was before; heap growth: peak heap use above the live heap before. The limit of N requests with c in flight "
                    + "is ceil(N / c) x %s.%s%s")
                    .formatted(dev.conclab.lab.report.Format.bytes(BODY), dev.conclab.lab.report.Format.duration(LATENCY.toNanos()),
                            repetitions, warmups, dev.conclab.lab.report.Format.duration(LATENCY.toNanos()), capped,
                            peer.ran() ? " " + peer.label() + " ran the same requests (peers/python/ch04_asyncio.py)."
                                    : " The CPython peer was skipped: " + peer.skipped() + ".");
            TableResult http = HttpLoadExperiment.table(runs, peer, LATENCY, sizes, description);
            experiments.add(http.withConclusions(AsyncioFindings.http(http, sizes, LATENCY)));
            if (sizes.size() > 1) {
                experiments.add(HttpLoadExperiment.series(runs, peer, LATENCY, sizes));
            }
            conclusions.addAll(AsyncioFindings.chapter(http, sizes));

            progress.begin("waits, two styles, a blocked loop", 3);
            TableResult sleep = SleepExperiment.run(plan.sleepTasks(), repetitions, peer);
            experiments.add(sleep.withConclusions(AsyncioFindings.sleep(sleep)));
            progress.step("sleep");
            TableResult styles = StylesExperiment.run(site.uri(), plan.styleUrls(), Math.max(1, plan.styleUrls() / 4), repetitions);
            experiments.add(styles.withConclusions(AsyncioFindings.styles(styles)));
            progress.step("styles");
            TableResult blocking = BlockingExperiment.run(plan.blockingTicks());
            experiments.add(blocking.withConclusions(AsyncioFindings.blocking(blocking)));
            progress.step("blocking");
            progress.end();
        }
        return new ChapterResult(number(), id(), title(), experiments, conclusions, System.nanoTime() - started);
    }

    static long fileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Integer.MAX_VALUE;
    }
}
