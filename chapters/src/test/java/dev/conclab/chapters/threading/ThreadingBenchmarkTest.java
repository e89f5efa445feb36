package dev.conclab.chapters.threading;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180) // deadlock guard only
class ThreadingBenchmarkTest {

    @Test
    void smokeRunReportsTheFiguresAndJudgesEveryGoalFromThem() throws Exception {
        assertThat(Benchmarks.find("gil")).get().isInstanceOf(ThreadingBenchmark.class);
        BenchResult result = new ThreadingBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);

        assertThat(result.id()).isEqualTo("gil");
        assertThat(result.figures()).extracting(BenchResult.Figure::name).contains("gil.cpu.speedup.2threads",
                "java.cpu.speedup.2threads", "gil.waits.wall", "gil.convoy.hog.p99", "free.convoy.hog.p99");
        boolean cpython = PythonPeer.interpreter().isPresent();
        assertThat(result.goals()).hasSize(cpython ? 6 : 5).allSatisfy(goal -> {
            BenchResult.Figure figure = result.figures().stream().filter(f -> f.name().equals(goal.figure())).findFirst().orElseThrow();
            assertThat(goal.measured()).isEqualTo(figure.value());
            assertThat(goal.met()).isEqualTo(goal.operator().equals(">=") ? figure.value() >= goal.target() : figure.value() <= goal.target());
        });
        if (!cpython) {
            assertThat(result.notes()).anySatisfy(n -> assertThat(n).startsWith("CPython: skipped: "));
        }
        assertThat(Json.read(Json.write(result), BenchResult.class).goals()).isEqualTo(result.goals());
    }
}
