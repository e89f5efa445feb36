package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.report.Json;
import dev.conclab.lab.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class MultiprocessingChapterTest {

    @Test
    void theQuickRunMeasuresEveryExperimentAndConcludesFromIt() throws Exception {
        assertThat(Chapters.find("multiprocessing")).isPresent();
        var result = new MultiprocessingChapter().run(ChapterOptions.at(ChapterOptions.Depth.QUICK), ProgressListener.NONE);
        assertThat(result.number()).isEqualTo(3);
        assertThat(result.experiments()).extracting(ExperimentResult::id)
                .containsExactly("cpu", "scaling", "startup", "overhead", "shared-array", "crash");
        var grid = (GridResult) result.experiments().getFirst();
        assertThat(grid.cell(ProcessPoolModel.ID, 8)).isPresent();
        var crash = (TableResult) result.experiments().getLast();
        assertThat(crash.value("Java ProcessPool.mapAsync", "succeeded").orElseThrow().stat().median()).isEqualTo(7);
        assertThat(crash.value("Java ProcessPool.mapAsync", "failed").orElseThrow().stat().median()).isEqualTo(1);
        assertThat(crash.value("Java ProcessPool.mapAsync", "outcome").orElseThrow().text())
                .contains("WorkerCrashedException").contains("signal 9").contains("back to");
        result.experiments().forEach(e -> assertThat(e.conclusions()).as(e.id()).isNotEmpty());
    }

    @Test
    void theSmokeBenchmarkReportsItsFiguresAndJudgesTheSpeedupGoalFromThem() throws Exception {
        assertThat(Benchmarks.find("process")).isPresent();
        BenchResult result = new ProcessBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);
        assertThat(result.figures()).extracting(BenchResult.Figure::name)
                .contains("cpu.speedup.2workers", "overhead.noop.chunksize1", "startup.2workers");
        assertThat(result.goals()).isNotEmpty().allSatisfy(goal -> {
            var figure = result.figures().stream().filter(f -> f.name().equals(goal.figure())).findFirst().orElseThrow();
            assertThat(goal.measured()).isEqualTo(figure.value());
            assertThat(goal.met()).isEqualTo(goal.operator().equals(">=") ? figure.value() >= goal.target() : figure.value() <= goal.target());
        });
        assertThat(Json.read(Json.write(result), BenchResult.class).goals()).isEqualTo(result.goals());
    }

    @Test
    void thePythonPeerMeasuresPoolsAndShowsTheCrashBehaviour() {
        var outcome = PythonPeer.run(CPythonMultiprocessing.SCRIPT, List.of("--quick"), List.of(), Duration.ofMinutes(2));
        Requirements.require(outcome instanceof PythonPeer.Ran, "python3", "apt-get install python3");
        var peer = CPythonMultiprocessing.of(outcome);
        assertThat(peer.poolMapMicros(1)).isPositive();
        assertThat(peer.defaultStartupSeconds()).isPositive();
        assertThat(peer.json().path("crash").path("pool").path("outcome").asText()).isIn("hung", "completed");
        assertThat(peer.json().path("crash").path("executor").path("brokenProcessPool").asInt()).isPositive();
    }
}
