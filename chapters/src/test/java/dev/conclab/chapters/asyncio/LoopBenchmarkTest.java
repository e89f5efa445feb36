package dev.conclab.chapters.asyncio;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.experiment.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class LoopBenchmarkTest {

    @Test
    void smokeRunReportsTheFiguresAndJudgesTheGoalsFromThem() throws Exception {
        assertThat(Benchmarks.find("loop")).isPresent();
        BenchResult result = new LoopBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);
        assertThat(result.figures()).extracting(BenchResult.Figure::name).contains("timers.wall", "http.loop.rps", "http.loop.ofLimit");
        assertThat(result.goals()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(goal -> {
            BenchResult.Figure figure = result.figures().stream().filter(f -> f.name().equals(goal.figure())).findFirst().orElseThrow();
            assertThat(goal.measured()).isEqualTo(figure.value());
            assertThat(goal.met()).isEqualTo(goal.operator().equals(">=") ? figure.value() >= goal.target() : figure.value() <= goal.target());
        });
        // 1,000 timers of 100 ms cannot all have fired before 100 ms.
        assertThat(result.figures().stream().filter(f -> f.name().equals("timers.wall")).findFirst().orElseThrow().value())
                .isGreaterThanOrEqualTo(0.1);
    }
}
