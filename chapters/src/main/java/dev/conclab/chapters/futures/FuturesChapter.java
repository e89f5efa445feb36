package dev.conclab.chapters.futures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.chapters.futures.samples.Sample;
import dev.conclab.chapters.futures.samples.Samples;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.ModelProvider;
import dev.conclab.lab.peer.PythonPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chapter 5, concurrent.futures: the futures API sample by sample, pool sizing by Little's
 * law, and the measured "which model when" table over every model conclab has (the six standard
 * ones and those other modules register with {@link ModelProvider}). The tour ends with that table.
 */
public final class FuturesChapter implements Chapter {

    static final String PEER = "ch05_futures.py";

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "futures";
    }

    @Override
    public String title() {
        return "concurrent.futures: executors, futures, and which model when";
    }

    @Override
    public String summary() {
        return "Futures, cancellation, as_completed, composition and structured scopes sample by sample; "
                + "pool sizing against Little's law; a decision table measured over every model.";
    }

    @Override
    public List<String> models() {
        return ModelProvider.all(Runtime.getRuntime().availableProcessors()).stream().map(Model::id).toList();
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        var experiments = new ArrayList<ExperimentResult>();

        TableResult samples = samples(progress);
        experiments.add(samples.withConclusions(FuturesFindings.samples(samples)));

        experiments.addAll(PoolSizing.run(poolPlan(options.depth()), cores, progress));

        List<Model> models = ModelProvider.all(options.poolSizeOrDefault()).stream()
                .filter(m -> options.models().isEmpty() || options.models().contains(m.id())).toList();
        var scenarios = DecisionTable.scenarios(options.depth());
        // A quick run takes two measured runs a cell: with every model conclab has (worker JVMs
        // and a task queue among them), a third would double this chapter's share of the quick tour.
        int repetitions = options.repetitions() != null ? options.repetitionsOrDefault()
                : options.quick() ? 2 : options.repetitionsOrDefault();
        List<GridResult> grids = DecisionTable.measure(scenarios, models, options.warmupsOrDefault(), repetitions, progress);
        grids.forEach(experiments::add);
        TableResult peer = peer(options.depth(), progress);
        experiments.add(peer.withConclusions(FuturesFindings.peer(peer)));
        TableResult decision = DecisionTable.table(scenarios, grids);
        experiments.add(decision.withConclusions(FuturesFindings.decision(decision)));

        return new ChapterResult(number(), id(), title(), experiments, List.of(), System.nanoTime() - started);
    }

    /** The tour ends with the decision table. */
    @Override
    public Optional<ExperimentResult> finale(ChapterResult result) {
        return result.experiments().stream().filter(e -> e.id().equals("decision")).findFirst();
    }

    static PoolSizing.Plan poolPlan(ChapterOptions.Depth depth) {
        return switch (depth) {
            case QUICK -> new PoolSizing.Plan(Duration.ofMillis(1), Duration.ofMillis(9), List.of(1, 5, 20, 60), 3, 12, 2);
            case TOUR -> new PoolSizing.Plan(Duration.ofMillis(1), Duration.ofMillis(9),
                    List.of(1, 2, 4, 8, 12, 16, 20, 24, 32, 48, 64, 128), 4, 24, 3);
            case FULL -> new PoolSizing.Plan(Duration.ofMillis(2), Duration.ofMillis(18),
                    List.of(1, 2, 4, 8, 12, 16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 96, 128, 256), 6, 40, 5);
        };
    }

    private static TableResult samples(ProgressListener progress) throws Exception {
        var rows = new ArrayList<Row>();
        List<Sample> all = Samples.all();
        progress.begin("The futures API, sample by sample", all.size());
        try {
            for (Sample sample : all) {
                Sample.Observation observation = sample.run();
                rows.add(new Row(sample.number() + " " + sample.getClass().getSimpleName().substring(4).replace('_', ' '),
                        List.of(Value.text(sample.python()), Value.text(sample.java()),
                                Value.text(String.join(" ", observation.facts())), Value.text(observation.holds() ? "yes" : "NO"))));
                progress.step(sample.number());
            }
        } finally {
            progress.end();
        }
        return TableResult.of("samples", "The futures API, sample by sample",
                "Each sample runs a small scenario and reports what it measured (chapters/…/futures/samples/F01…F10, one idea per file).",
                List.of(new Column("python", "Python", null), new Column("java", "Java", null),
                        new Column("observed", "observed on this machine", null), new Column("holds", "as documented", null)),
                rows);
    }

    private static TableResult peer(ChapterOptions.Depth depth, ProgressListener progress) {
        PythonPeer.Outcome outcome;
        if (depth == ChapterOptions.Depth.QUICK) {
            outcome = new PythonPeer.Skipped("not run in a quick run (conclab lab futures runs it)");
        } else {
            progress.begin("CPython concurrent.futures", 1);
            try {
                outcome = PythonPeer.run(PEER, List.of("--tour"), List.of(), Duration.ofMinutes(3));
                progress.step("peer");
            } finally {
                progress.end();
            }
        }
        var columns = List.of(new Column("threads", "ThreadPoolExecutor", "ns"), new Column("processes", "ProcessPoolExecutor", "ns"),
                new Column("sequential", "a plain loop", "ns"), new Column("tasks", "tasks", "count"));
        var rows = new ArrayList<Row>();
        String description;
        switch (outcome) {
            case PythonPeer.Ran ran -> {
                for (JsonNode s : ran.json().path("scenarios")) {
                    rows.add(new Row(s.path("title").asText(), List.of(
                            Value.of(s.path("threadsSeconds").asDouble() * 1e9), Value.of(s.path("processesSeconds").asDouble() * 1e9),
                            Value.of(s.path("sequentialSeconds").asDouble() * 1e9), Value.of(s.path("tasks").asInt()))));
                }
                description = "Real " + ran.interpreter().label() + " running peers/python/" + PEER
                        + ": the same four scenarios with ThreadPoolExecutor(" + ran.json().path("workers").asInt()
                        + ") and ProcessPoolExecutor(" + ran.json().path("workers").asInt() + "), using as_completed and map.";
            }
            case PythonPeer.Skipped skipped -> description = "skipped: " + skipped.reason();
        }
        return TableResult.of("cpython", "CPython's concurrent.futures on the same scenarios", description, columns, rows);
    }
}
