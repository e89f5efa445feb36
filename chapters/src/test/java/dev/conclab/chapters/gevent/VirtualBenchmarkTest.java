package dev.conclab.chapters.gevent;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class VirtualBenchmarkTest {

    @Test
    void smokeRunMeasuresEachFlagSetInAFreshJvmAndJudgesTheGoalsOnTheBest() throws Exception {
        BenchResult result = new VirtualBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);
        assertThat(result.figures()).extracting(BenchResult.Figure::name)
                .contains("sleep.1m.wall.default", "sleep.1m.wall.young", "sleep.10k.wall", "memory.virtual", "memory.platform");
        double best = Math.min(value(result, "sleep.1m.wall.default"), value(result, "sleep.1m.wall.young"));
        assertThat(result.goals().getFirst().measured()).isEqualTo(best);
        assertThat(result.goals()).hasSize(3);
    }

    private static double value(BenchResult result, String name) {
        return result.figures().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().value();
    }
}
