package dev.conclab.chapters.basics;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120) // deadlock guard only
class BasicsBenchmarkTest {

    @Test
    void smokeRunReportsTheFiguresAndJudgesBothGoalsFromThem() throws Exception {
        assertThat(Benchmarks.find("basics")).isPresent();
        BenchResult result = new BasicsBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);

        assertThat(result.size()).isEqualTo(Benchmark.Size.SMOKE);
        assertThat(result.figures()).extracting(BenchResult.Figure::name)
                .contains("cpu.speedup.2threads", "waits.virtual.wall");
        assertThat(result.goals()).hasSize(2).allSatisfy(goal -> {
            BenchResult.Figure figure = result.figures().stream().filter(f -> f.name().equals(goal.figure())).findFirst().orElseThrow();
            assertThat(goal.measured()).isEqualTo(figure.value());
            assertThat(goal.met()).isEqualTo(goal.operator().equals(">=") ? figure.value() >= goal.target() : figure.value() <= goal.target());
        });
        assertThat(Json.read(Json.write(result), BenchResult.class).goals()).isEqualTo(result.goals());
    }
}
