package dev.conclab.chapters.gevent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.model.FixedPoolModel;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.ThreadPerTaskModel;
import dev.conclab.lab.model.VirtualThreadsModel;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.virtual.ContextPassing;
import dev.conclab.virtual.EchoFetch;
import dev.conclab.virtual.EchoServer;
import dev.conclab.virtual.PinningCases;
import dev.conclab.virtual.StructuredFanOut;
import dev.conclab.virtual.ThreadScale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.conclab.lab.experiment.TableResult.Value.none;
import static dev.conclab.lab.experiment.TableResult.Value.text;

/**
 * Chapter 7, gevent: virtual threads are Java's green threads.
 *
 * <p>Experiments: crowds of waiting threads (virtual and platform: start rate, memory per
 * thread, where the OS stops platform threads); crowds of sleepers (how late they wake); the
 * same blocking fetch on a platform pool, a platform thread each and a virtual thread each
 * (gevent's monkey patching, which Java does not need); what still pins a carrier in JDK 25,
 * seen by JFR; structured fan-out with cancellation and deadlines; three ways of passing
 * context; and CPython with gevent doing the same, when Debian's python3-gevent is there.
 */
public final class GeventChapter implements Chapter {

    static final String PEER = "ch07_gevent.py";

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String id() {
        return "gevent";
    }

    @Override
    public String title() {
        return "Gevent: virtual threads as green threads";
    }

    @Override
    public String summary() {
        return "Crowds of 10k to 1M waiting virtual threads beside platform threads and greenlets; "
                + "blocking code that scales unchanged; what still pins; structured concurrency.";
    }

    @Override
    public List<String> models() {
        return List.of("fixed-pool", "threads", "virtual");
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        var s = GeventSettings.at(options.depth());
        var experiments = new ArrayList<ExperimentResult>();

        TableResult crowds = crowds(s, progress);
        experiments.add(crowds.withConclusions(GeventFindings.crowds(crowds)));
        TableResult sleepers = sleepers(s, progress);
        experiments.add(sleepers.withConclusions(GeventFindings.sleepers(sleepers)));
        GridResult fetch = fetch(s, options, progress);
        experiments.add(fetch.withConclusions(GeventFindings.fetch(fetch)));
        TableResult pinning = pinning(s, progress);
        experiments.add(pinning.withConclusions(GeventFindings.pinning(pinning, Runtime.getRuntime().availableProcessors())));
        TableResult structured = structured(s, progress);
        experiments.add(structured.withConclusions(GeventFindings.structured(structured)));
        TableResult context = context(s, progress);
        experiments.add(context.withConclusions(GeventFindings.context(context)));
        TableResult peer = peer(s, progress);
        experiments.add(peer.withConclusions(GeventFindings.peer(peer, crowds)));

        return new ChapterResult(number(), id(), title(), experiments, GeventFindings.chapter(crowds, pinning),
                System.nanoTime() - started);
    }

    static final List<Column> CROWD_COLUMNS = List.of(
            new Column("started", "threads started", "count"),
            new Column("rate", "start rate", "threads/s"),
            new Column("heap", "heap per thread", "bytes"),
            new Column("native", "native per thread", "bytes"),
            new Column("total", "memory per thread", "bytes"),
            new Column("finish", "all done after release", "ns"),
            new Column("completed", "ran exactly once", "count"),
            new Column("note", "note", null));

    private static TableResult crowds(GeventSettings s, ProgressListener progress) throws InterruptedException {
        var rows = new ArrayList<Row>();
        progress.begin("Waiting crowds", 2L * s.virtualCrowds().size() + s.platformCrowds().size());
        try {
            for (int n : s.virtualCrowds()) {
                rows.add(crowdRow(ThreadScale.crowd(ThreadScale.Kind.VIRTUAL, n)));
                progress.step("virtual x" + n);
            }
            for (int n : s.platformCrowds()) {
                rows.add(crowdRow(ThreadScale.crowd(ThreadScale.Kind.PLATFORM, n)));
                progress.step("platform x" + n);
            }
            for (int n : s.virtualCrowds()) {
                rows.add(loopCrowdRow(LoopSleepers.sleep(n, Duration.ofMillis(200), true)));
                progress.step("event loop x" + n);
            }
        } finally {
            progress.end();
        }
        return TableResult.of("crowds", "Waiting crowds: what a waiting thread costs",
                "Each thread waits on one latch until all have started; memory is measured (after a collection) while "
                        + "all wait, then they are released. Platform threads stop before the machine runs out of process ids.",
                CROWD_COLUMNS, rows);
    }

    static final String LOOP = "event loop";

    static String loopLabel(int n) {
        return LOOP + " x " + String.format(Locale.ROOT, "%,d", n);
    }

    private static Row loopCrowdRow(LoopSleepers.Result r) {
        return new Row(loopLabel(r.n()), List.of(
                Value.of(r.n()), Value.of(r.startRate()), Value.of(r.heapBytesPerTask()), none(),
                Value.of(r.heapBytesPerTask()), Value.of(r.wallNanos() - r.sleep().toNanos()), Value.of(r.completed()),
                text("one thread; tasks are futures and timers")));
    }

    static String crowdLabel(ThreadScale.Kind kind, int n) {
        return kind.name().toLowerCase(Locale.ROOT) + " x " + String.format(Locale.ROOT, "%,d", n);
    }

    private static Row crowdRow(ThreadScale.Crowd c) {
        return new Row(crowdLabel(c.kind(), c.requested()), List.of(
                Value.of(c.started()), Value.of(c.startRate()), Value.of(c.heapBytesPerThread()),
                Double.isNaN(c.nativeBytesPerThread()) ? none() : Value.of(c.nativeBytesPerThread()),
                Value.of(c.totalBytesPerThread()),
                Value.of(c.finishNanos()), Value.of(c.completed()),
                c.stoppedBy() == null ? text("all started") : text(c.stoppedBy())));
    }

    private static TableResult sleepers(GeventSettings s, ProgressListener progress) throws InterruptedException {
        progress.begin("Sleeping crowds", 3);
        var rows = new ArrayList<Row>();
        try {
            rows.add(sleepRow(ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, s.sleepers(), s.sleep())));
            progress.step("virtual x" + s.sleepers());
            int platform = Math.min(s.platformCrowds().getFirst(), ThreadScale.platformHeadroom());
            if (platform > 0) {
                rows.add(sleepRow(ThreadScale.sleep(ThreadScale.Kind.PLATFORM, platform, s.sleep())));
            }
            progress.step("platform x" + platform);
            LoopSleepers.Result loop = LoopSleepers.sleep(s.sleepers(), s.sleep(), false);
            rows.add(new Row(loopLabel(loop.n()), List.of(Value.of(loop.wallNanos()), Value.of(loop.lateP50()),
                    Value.of(loop.lateP99()), Value.of(loop.completed()), Value.of(loop.sleep().toNanos()))));
            progress.step("event loop x" + s.sleepers());
        } finally {
            progress.end();
        }
        return TableResult.of("sleepers", "Sleeping crowds: " + s.sleep().toMillis() + " ms each",
                "Every thread sleeps " + s.sleep().toMillis() + " ms from its own start; lateness is how long after its "
                        + "due time it ran again.",
                List.of(new Column("wall", "wall time", "ns"), new Column("lateP50", "lateness p50", "ns"),
                        new Column("lateP99", "lateness p99", "ns"), new Column("completed", "completed", "count"),
                        new Column("sleep", "sleep", "ns")),
                rows);
    }

    private static Row sleepRow(ThreadScale.Sleepers r) {
        return new Row(crowdLabel(r.kind(), r.n()), List.of(Value.of(r.wallNanos()), Value.of(r.lateP50()),
                Value.of(r.lateP99()), Value.of(r.completed()), Value.of(r.sleep().toNanos())));
    }

    private static GridResult fetch(GeventSettings s, ChapterOptions options, ProgressListener progress) throws Exception {
        try (var server = EchoServer.start(0, s.serverDelay())) {
            var fetch = new EchoFetch(server.address(), Duration.ofSeconds(30));
            List<Model> models = List.of(new FixedPoolModel(s.fetchPool()), new ThreadPerTaskModel(), new VirtualThreadsModel());
            if (!options.models().isEmpty()) {
                models = models.stream().filter(m -> options.models().contains(m.id())).toList();
            }
            return Experiment.of("fetch", "The same blocking fetch on three kinds of threads",
                            new EchoFetchWorkload(fetch, s.serverDelay()))
                    .models(models)
                    .sizes(options.sizesOr(s.fetchSizes()))
                    .warmups(options.warmupsOrDefault())
                    .repetitions(options.repetitionsOrDefault())
                    .run(progress);
        }
    }

    private static TableResult pinning(GeventSettings s, ProgressListener progress) throws InterruptedException {
        var rows = new ArrayList<Row>();
        progress.begin("What pins a carrier", PinningCases.Case.values().length);
        try {
            for (PinningCases.Case c : PinningCases.Case.values()) {
                var outcome = PinningCases.run(c, s.pinThreads(), s.pinHold());
                String where = outcome.pins().isEmpty() ? "no pinned wait seen" : outcome.pins().getFirst().where();
                rows.add(new Row(c.label(), List.of(Value.of(outcome.wallNanos()), Value.of(outcome.pins().size()),
                        Value.of(s.pinThreads()), Value.of(s.pinHold().toNanos()), text(where))));
                progress.step(c.name().toLowerCase(Locale.ROOT));
            }
        } finally {
            progress.end();
        }
        return TableResult.of("pinning", "What still pins a carrier in JDK 25",
                s.pinThreads() + " virtual threads each block " + s.pinHold().toMillis() + " ms in one place, on "
                        + Runtime.getRuntime().availableProcessors() + " carriers; JFR's jdk.VirtualThreadPinned events are counted.",
                List.of(new Column("wall", "crowd took", "ns"), new Column("pins", "pinned waits (JFR)", "count"),
                        new Column("threads", "threads", "count"), new Column("hold", "each blocks", "ns"),
                        new Column("where", "pinned at", null)),
                rows);
    }

    private static TableResult structured(GeventSettings s, ProgressListener progress) throws InterruptedException {
        progress.begin("Structured fan-out", 2);
        var rows = new ArrayList<Row>();
        try {
            var failure = StructuredFanOut.cancelOnFailure(s.fanOut(), Duration.ofSeconds(10), Duration.ofMillis(50));
            rows.add(fanRow("first failure cancels the rest", failure));
            progress.step("failure");
            var deadline = StructuredFanOut.deadline(s.fanOut(), Duration.ofSeconds(10), Duration.ofMillis(100));
            rows.add(fanRow("100 ms deadline over 10 s of work", deadline));
            progress.step("deadline");
        } finally {
            progress.end();
        }
        return TableResult.of("structured", "Structured concurrency: fan-out, failure and deadline",
                s.fanOut() + " subtasks, each waiting 10 s, forked in a StructuredTaskScope (preview in JDK 25); "
                        + "'returned after' counts from the failure or the deadline to the scope being closed.",
                List.of(new Column("subtasks", "subtasks", "count"), new Column("after", "returned after", "ns"),
                        new Column("interrupted", "interrupted", "count"), new Column("completed", "finished their work", "count"),
                        new Column("outcome", "join()", null)),
                rows);
    }

    private static Row fanRow(String label, StructuredFanOut.Outcome o) {
        return new Row(label, List.of(Value.of(o.subtasks()), Value.of(o.returnedAfter().toNanos()),
                Value.of(o.interrupted()), Value.of(o.completed()), text(o.outcome())));
    }

    private static TableResult context(GeventSettings s, ProgressListener progress) throws Exception {
        progress.begin("Passing context", ContextPassing.Way.values().length);
        var rows = new ArrayList<Row>();
        try {
            for (ContextPassing.Way way : ContextPassing.Way.values()) {
                var o = ContextPassing.run(way, s.contextThreads());
                rows.add(new Row(way.label(), List.of(Value.of(o.heapBytesPerThread()), Value.of(o.wallNanos()),
                        Value.of(o.sawContext()), Value.of(o.threads()))));
                progress.step(way.name().toLowerCase(Locale.ROOT));
            }
        } finally {
            progress.end();
        }
        return TableResult.of("context", "Passing context to " + String.format(Locale.ROOT, "%,d", s.contextThreads()) + " virtual threads",
                "Each thread reads the same context object while all of them wait; heap per thread counts everything a "
                        + "waiting thread holds (its stack and its thread-local map).",
                List.of(new Column("heap", "heap per thread", "bytes"), new Column("wall", "wall time", "ns"),
                        new Column("saw", "threads that saw the context", "count"), new Column("threads", "threads", "count")),
                rows);
    }

    private static TableResult peer(GeventSettings s, ProgressListener progress) {
        PythonPeer.Outcome outcome;
        if (s.peerGreenlets().isEmpty()) {
            outcome = new PythonPeer.Skipped("not run in a quick run (conclab lab gevent runs it)");
        } else {
            progress.begin("CPython + gevent", 1);
            try {
                var args = new ArrayList<String>(List.of("--socket=" + s.peerSockets()));
                s.peerGreenlets().forEach(n -> args.add(String.valueOf(n)));
                outcome = PythonPeer.run(PEER, args, List.of("gevent=python3-gevent"), Duration.ofMinutes(3));
                progress.step("peer");
            } finally {
                progress.end();
            }
        }
        var columns = List.of(new Column("wall", "wall time", "ns"), new Column("resident", "resident memory per greenlet", "bytes"),
                new Column("completed", "completed", "count"), new Column("runtime", "runtime", null));
        var rows = new ArrayList<Row>();
        String description;
        switch (outcome) {
            case PythonPeer.Ran ran -> {
                String runtime = ran.interpreter().label() + ", gevent " + ran.json().path("gevent").asText("?");
                for (JsonNode r : ran.json().path("results")) {
                    rows.add(new Row("greenlets x " + String.format(Locale.ROOT, "%,d", r.path("n").asInt()) + " " + r.path("mode").asText(),
                            List.of(Value.of(r.path("wallSeconds").asDouble() * 1e9),
                                    r.path("residentBytesPerGreenlet").isNumber() ? Value.of(r.path("residentBytesPerGreenlet").asDouble()) : none(),
                                    Value.of(r.path("completed").asInt()), text(runtime))));
                }
                description = "Real " + runtime + " running peers/python/" + PEER + ": greenlets that sleep "
                        + "and greenlets that do blocking socket I/O against a loopback echo server, with monkey patching.";
            }
            case PythonPeer.Skipped skipped -> description = "skipped: " + skipped.reason();
        }
        return TableResult.of("gevent", "CPython with gevent on this machine", description, columns, rows);
    }
}
