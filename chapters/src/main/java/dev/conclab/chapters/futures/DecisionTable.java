package dev.conclab.chapters.futures;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.workload.Workload;
import dev.conclab.chapters.threading.GilWorkloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's "compare threading, multiprocessing and concurrent.futures for different
 * scenarios", measured: four scenarios under every model conclab has, and a table whose
 * winner, margin and reason for each scenario are computed from the measurements.
 */
final class DecisionTable {

    /** One kind of job: a workload and how many tasks. */
    record Scenario(String id, String title, Workload workload, int tasks) {
    }

    private DecisionTable() {
    }

    static List<Scenario> scenarios(ChapterOptions.Depth depth) {
        boolean quick = depth == ChapterOptions.Depth.QUICK;
        // GIL-aware workloads: identical work for every model, and under the GIL models they
        // check the eval breaker and release the GIL in waits, as CPython does.
        return List.of(
                new Scenario("cpu", "CPU-bound", GilWorkloads.sumOfSquares(Duration.ofMillis(quick ? 2 : 5)), quick ? 16 : 32),
                new Scenario("wait", "wait-bound", GilWorkloads.sleep(Duration.ofMillis(quick ? 2 : 5)), 64),
                new Scenario("mixed", "mixed (CPU then wait)", GilWorkloads.mixed(Duration.ofMillis(1), Duration.ofMillis(4)), quick ? 32 : 64),
                new Scenario("tiny", "many tiny tasks", GilWorkloads.sumOfSquares(Duration.ofNanos(2_000)), quick ? 2_000 : 10_000));
    }

    /** Runs every scenario under every model: one grid per scenario, at its one size. */
    static List<GridResult> measure(List<Scenario> scenarios, List<Model> models, int warmups, int repetitions,
                                    ProgressListener progress) throws Exception {
        var grids = new ArrayList<GridResult>();
        for (Scenario s : scenarios) {
            grids.add(Experiment.of("decision-" + s.id(), "Which model when: " + s.title(), s.workload())
                    .models(models).sizes(s.tasks()).warmups(warmups).repetitions(repetitions).run(progress));
        }
        return grids;
    }

    static final List<Column> COLUMNS = List.of(
            new Column("winner", "fastest", null),
            new Column("time", "its time", "ns"),
            new Column("runnerUp", "next", null),
            new Column("margin", "next is slower by", "fraction"),
            new Column("limit", "machine limit", "ns"),
            new Column("why", "why (from the measurements)", null));

    /** The table: one row per scenario, every value taken from that scenario's grid. */
    static TableResult table(List<Scenario> scenarios, List<GridResult> grids) {
        var rows = new ArrayList<Row>();
        for (int i = 0; i < grids.size(); i++) {
            GridResult grid = grids.get(i);
            int n = grid.largestSize();
            List<Cell> ranked = grid.ranked(n);
            Cell winner = ranked.getFirst();
            Cell next = ranked.size() > 1 ? ranked.get(1) : null;
            rows.add(new Row(scenarios.get(i).title() + " (" + n + " tasks)", List.of(
                    Value.text(winner.model()),
                    Value.of(winner.wallNanos()),
                    next == null ? Value.none() : Value.text(next.model()),
                    next == null ? Value.none() : Value.of(next.wallNanos().median() / winner.wallNanos().median() - 1),
                    Value.of(grid.machineLimitNanos(n)),
                    Value.text(FuturesFindings.why(grid)))));
        }
        return TableResult.of("decision", "Which model when: the measured decision table",
                "Each scenario ran under every model conclab has, with warm-up and repetitions; the fastest median wins. "
                        + "A margin under 5% is within the noise of this machine: treat those models as tied.",
                COLUMNS, rows);
    }
}
