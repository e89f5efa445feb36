package dev.conclab.lab.experiment;

import dev.conclab.lab.measure.Bound;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.SequentialModel;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120) // deadlock guard only
class ExperimentTest {

    @Test
    void measuresEveryModelAtEverySizeAgainstItsLimit() throws Exception {
        GridResult result = Fixtures.smallWaitExperiment();

        assertThat(result.cells()).hasSize(3 * 2);
        assertThat(result.sizes()).containsExactly(1, 4);
        assertThat(result.machineLimitNanos(4)).isEqualTo(3_000_000L);
        for (Cell cell : result.cells()) {
            assertThat(cell.timeline()).hasSize(cell.tasks());
            assertThat(cell.wallNanos().min()).isLessThanOrEqualTo(cell.wallNanos().median());
            assertThat(cell.speedup()).isNotNull();
            assertThat(cell.efficiency()).isEqualTo(cell.limitNanos() / cell.wallNanos().median());
            // Sleeping 3 ms in rounds can't beat the rounds: a model faster than its limit would be a bug.
            assertThat(cell.wallNanos().median()).isGreaterThanOrEqualTo(cell.limitNanos());
            // Latencies come from a histogram with 3 significant digits: allow its rounding.
            assertThat(cell.latencyNanos().max().median()).isLessThanOrEqualTo(cell.wallNanos().max() * 1.001);
        }
        Cell pool = result.cell("fixed-pool", 4).orElseThrow();
        assertThat(pool.concurrency()).isEqualTo(2);
        assertThat(pool.limitNanos()).isEqualTo(6_000_000L);
        assertThat(pool.limitedBy()).isEqualTo(Bound.CONCURRENCY.label());
        assertThat(pool.peakConcurrentTasks().max()).isLessThanOrEqualTo(2);

        Cell virtual = result.cell("virtual", 4).orElseThrow();
        assertThat(virtual.limitedBy()).isEqualTo(Bound.WAIT.label());
        Cell sequential = result.cell("sequential", 4).orElseThrow();
        assertThat(sequential.speedup()).isEqualTo(1.0);
        assertThat(virtual.speedup()).isEqualTo(sequential.wallNanos().median() / virtual.wallNanos().median());
    }

    @Test
    void theTimelineShowsWhichThreadRanEachTaskAndWhen() throws Exception {
        GridResult result = Fixtures.smallWaitExperiment();
        var spans = result.cell("fixed-pool", 4).orElseThrow().timeline();
        assertThat(spans).extracting(s -> s.task()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.lane()).startsWith("conclab-pool-");
            assertThat(s.endNanos()).isGreaterThan(s.startNanos());
        });
        assertThat(spans.stream().map(s -> s.lane()).distinct().count()).isBetween(1L, 2L);
    }

    @Test
    void withoutASequentialRunThereIsNoSpeedup() throws Exception {
        GridResult result = Experiment.of("x", "x", Workloads.sleep(Duration.ofMillis(1)))
                .models(List.of(new dev.conclab.lab.model.VirtualThreadsModel())).sizes(2).warmups(0).repetitions(1)
                .run(ProgressListener.NONE);
        assertThat(result.cells()).singleElement().satisfies(c -> assertThat(c.speedup()).isNull());
    }

    @Test
    void aModelThatRunsATaskTwiceIsCaught() {
        Model twice = new BrokenModel("twice") {
            @Override
            public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
                long[] results = new SequentialModel().run(tasks, task);
                try {
                    task.call(0);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return results;
            }
        };
        assertThatThrownBy(() -> Experiment.of("x", "x", Workloads.sleep(Duration.ofMillis(1)))
                .models(List.of(twice)).sizes(3).warmups(0).repetitions(1).run(ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice ran task 0 2 times");
    }

    @Test
    void aModelWhoseResultsDifferFromTheOthersIsCaught() {
        Model wrong = new BrokenModel("wrong") {
            @Override
            public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
                long[] results = new SequentialModel().run(tasks, task);
                results[1]++;
                return results;
            }
        };
        assertThatThrownBy(() -> Experiment.of("x", "x", Workloads.sleep(Duration.ofMillis(1)))
                .models(List.of(new SequentialModel(), wrong)).sizes(3).warmups(0).repetitions(1).run(ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong computed a different result for task 1");
    }

    @Test
    void aFailingWorkloadFailsTheExperimentWithTheTaskFailure() {
        Workload failing = new Workload() {
            public String id() { return "failing"; }
            public String description() { return "fails at task 2"; }
            public Kind kind() { return Kind.WAIT; }
            public long unitNanos() { return 1; }
            public long runUnit(int index) {
                if (index == 2) {
                    throw new IllegalArgumentException("bad input 2");
                }
                return index;
            }
            public Map<String, Object> parameters() { return Map.of(); }
        };
        assertThatThrownBy(() -> Experiment.of("x", "x", failing).models(List.of(new SequentialModel()))
                .sizes(4).warmups(0).repetitions(1).run(ProgressListener.NONE))
                .isInstanceOf(TaskFailedException.class)
                .hasRootCauseMessage("bad input 2");
    }

    @Test
    void reportsProgressOncePerRunBetweenBeginAndEnd() throws Exception {
        var events = new ArrayList<String>();
        var experiment = Experiment.of("x", "title", Workloads.sleep(Duration.ofMillis(1)))
                .models(List.of(new SequentialModel())).sizes(1, 2).warmups(1).repetitions(2);
        experiment.run(new ProgressListener() {
            public void begin(String title, long totalSteps) { events.add("begin " + title + " " + totalSteps); }
            public void step(String detail) { events.add("step"); }
            public void end() { events.add("end"); }
        });
        assertThat(experiment.plannedRuns()).isEqualTo(6);
        assertThat(events).containsExactly("begin title 6", "step", "step", "step", "step", "step", "step", "end");
    }

    @Test
    void rejectsMeaninglessSettings() {
        var e = Experiment.of("x", "x", Workloads.sleep(Duration.ofMillis(1)));
        assertThatThrownBy(() -> e.sizes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.repetitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.warmups(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.models(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.run(ProgressListener.NONE)).isInstanceOf(IllegalStateException.class);
    }

    private abstract static class BrokenModel implements Model {
        private final String id;

        BrokenModel(String id) {
            this.id = id;
        }

        public String id() { return id; }
        public String description() { return "broken on purpose"; }
        public int concurrency(int tasks) { return Math.min(1, tasks); }
    }
}
