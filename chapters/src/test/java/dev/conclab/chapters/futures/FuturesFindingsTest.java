package dev.conclab.chapters.futures;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ModelInfo;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.WorkloadInfo;
import dev.conclab.lab.measure.Limit;
import dev.conclab.lab.measure.Percentiles;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FuturesFindingsTest {

    /** A one-size grid with the given wall times (ms) per model and concurrency. */
    private static GridResult grid(Workload.Kind kind, long unitNanos, int tasks, Object... modelMillisConcurrency) {
        var cells = new ArrayList<Cell>();
        var models = new ArrayList<ModelInfo>();
        double sequential = 0;
        for (int i = 0; i < modelMillisConcurrency.length; i += 3) {
            String model = (String) modelMillisConcurrency[i];
            double wall = ((Number) modelMillisConcurrency[i + 1]).doubleValue() * 1e6;
            int c = (Integer) modelMillisConcurrency[i + 2];
            if (model.equals("sequential")) {
                sequential = wall;
            }
            Limit limit = Limit.of(kind, tasks, unitNanos, c, 2);
            var s = Stat.exactly(wall);
            cells.add(new Cell(model, tasks, c, s, s, Stat.exactly(0.5), s, s, s, new Percentiles(s, s, s, s),
                    limit.nanos(), limit.bound().label(), limit.nanos() / wall, null, List.of()));
            models.add(new ModelInfo(model, model));
        }
        double seq = sequential;
        var withSpeedup = cells.stream().map(c -> seq > 0 ? c.withSpeedup(seq) : c).toList();
        return new GridResult("grid", "x", "x", new WorkloadInfo("w", "w", kind, unitNanos, Map.of()), 2, List.of(tasks),
                models, 1, 3, List.of(new GridResult.SizeLimit(tasks, Limit.of(kind, tasks, unitNanos, tasks, 2).nanos())),
                withSpeedup, List.of());
    }

    @Test
    void aCpuWinnerIsExplainedByTheCoresAndItsTiesAreNamed() {
        var g = grid(Workload.Kind.CPU, 5_000_000, 32, "sequential", 160.0, 1, "fixed-pool", 82.0, 2, "fork-join", 85.0, 2,
                "threads", 95.0, 32);
        String why = FuturesFindings.why(g);
        assertThat(why).startsWith("the cores bound it: fixed-pool reached 98% of the limit for 2 cores")
                .contains("within 10%: fork-join").doesNotContain("threads,").endsWith("slowest sequential at 1.95x");
    }

    @Test
    void aWaitWinnerIsExplainedByTheWaitAlone() {
        var g = grid(Workload.Kind.WAIT, 5_000_000, 64, "sequential", 320.0, 1, "fixed-pool", 160.0, 2, "virtual", 5.5, 64);
        assertThat(FuturesFindings.why(g)).startsWith("only the wait bounds it: virtual ran all 64 at once and took 1.10x one task's time")
                .contains("no other model within 10%");
    }

    @Test
    void tinyTasksAreDecidedByOverheadWhenTheFiguresSaySo() {
        var g = grid(Workload.Kind.CPU, 2_000, 10_000, "sequential", 20.0, 1, "threads", 900.0, 10_000);
        assertThat(FuturesFindings.why(g)).contains("per task, sequential spent 2.00 µs and threads 90.0 µs on work of 2.00 µs: overhead decides");
    }

    @Test
    void theDecisionTableTakesEveryValueFromItsScenarioAndCallsCloseOnesTied() {
        var cpu = grid(Workload.Kind.CPU, 5_000_000, 32, "sequential", 160.0, 1, "fixed-pool", 82.0, 2, "fork-join", 83.0, 2);
        var wait = grid(Workload.Kind.WAIT, 5_000_000, 64, "sequential", 320.0, 1, "virtual", 5.5, 64);
        var scenarios = List.of(new DecisionTable.Scenario("cpu", "CPU-bound", null, 32),
                new DecisionTable.Scenario("wait", "wait-bound", null, 64));
        var table = DecisionTable.table(scenarios, List.of(cpu, wait));
        assertThat(table.value("CPU-bound (32 tasks)", "winner").orElseThrow().text()).isEqualTo("fixed-pool");
        assertThat(table.value("wait-bound (64 tasks)", "winner").orElseThrow().text()).isEqualTo("virtual");
        assertThat(table.value("wait-bound (64 tasks)", "time").orElseThrow().stat().median()).isEqualTo(5.5e6);
        assertThat(FuturesFindings.decision(table)).containsExactly(
                "CPU-bound (32 tasks): fixed-pool (tied with fork-join: 1% apart).",
                "wait-bound (64 tasks): virtual (5718% ahead of sequential).");
    }

    @Test
    void aKneeFarPastThePredictionIsExplainedAsQueueing() {
        var x = List.of(1.0, 20.0, 64.0);
        var measured = List.of(Stat.exactly(50), Stat.exactly(700), Stat.exactly(1000));
        var sizing = SeriesResult.of("pool-sizing", "t", "d", "pool size", "tasks/s", "tasks/s", true, false, x,
                List.of(new SeriesResult.Series("measured", measured, false)));
        var cpu = SeriesResult.of("pool-cpu", "t", "d", "pool size", "cpu", "ns", true, false, x,
                List.of(new SeriesResult.Series("measured", List.of(Stat.exactly(2e6), Stat.exactly(2e6), Stat.exactly(2e6)), false)));
        assertThat(FuturesFindings.poolSizing(sizing, cpu, 20)).element(1).asString()
                .startsWith("A pool of 20 threads reached 70% of the best; 95% took 64 threads: tasks that arrive at the cores together queue");
    }

    @Test
    void poolSizingFindsTheKneeAndComparesItWithLittlesLaw() {
        var x = List.of(1.0, 10.0, 20.0, 40.0, 80.0);
        var measured = List.of(Stat.exactly(50), Stat.exactly(480), Stat.exactly(960), Stat.exactly(990), Stat.exactly(985));
        var predicted = List.of(Stat.exactly(50), Stat.exactly(500), Stat.exactly(1000), Stat.exactly(1000), Stat.exactly(1000));
        var sizing = SeriesResult.of("pool-sizing", "t", "d", "pool size", "tasks/s", "tasks/s", true, false, x,
                List.of(new SeriesResult.Series("measured", measured, false), new SeriesResult.Series("limit", predicted, true)));
        var cpu = SeriesResult.of("pool-cpu", "t", "d", "pool size", "cpu", "ns", true, false, x,
                List.of(new SeriesResult.Series("measured", List.of(Stat.exactly(2e6), Stat.exactly(2e6), Stat.exactly(2.1e6),
                        Stat.exactly(2.2e6), Stat.exactly(2.6e6)), false)));
        assertThat(PoolSizing.knee(sizing)).isEqualTo(20.0);
        assertThat(PoolSizing.measuredOptimum(sizing)).isCloseTo(19.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(FuturesFindings.poolSizing(sizing, cpu, 20)).containsExactly(
                "Little's law on the measured figures, best throughput 990 tasks/s x 20.0 ms per task alone, puts the optimum at 19.8 threads; cores x (1 + w / c) predicts 20: 1% off.",
                "A pool of 20 threads reached 97% of the best, and 95% came at 20 threads: the prediction is a good pool size.",
                "With 80 threads, 4 times the prediction, throughput was 99% of the best: threads past the knee neither helped nor hurt here.",
                "CPU time per task: 2.10 ms at 20 threads, 2.60 ms at 80.");
    }
}
