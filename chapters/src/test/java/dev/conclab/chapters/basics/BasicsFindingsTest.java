package dev.conclab.chapters.basics;

import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BasicsFindingsTest {

    private static GridResult cpu(double threadsAt64) {
        return new Synthetic(Workload.Kind.CPU)
                .model("sequential", 1).model("threads", 0).model("fixed-pool", 2).model("virtual", 0)
                .cell("sequential", 2, 20, 0.5, 10, 1).cell("threads", 2, 10.5, 0.98, 12, 2)
                .cell("fixed-pool", 2, 10.6, 0.97, 12, 2).cell("virtual", 2, 10.8, 0.96, 12, 2)
                .cell("sequential", 64, 640, 0.5, 10, 1).cell("threads", 64, threadsAt64, 0.99, 74, 60)
                .cell("fixed-pool", 64, 325, 0.99, 12, 2).cell("virtual", 64, 330, 0.98, 12, 64)
                .build();
    }

    @Test
    void namesTheFastestModelAndItsDistanceFromTheCoreLimit() {
        List<String> found = BasicsFindings.cpu(cpu(340));
        assertThat(found.getFirst())
                .isEqualTo("At 64 tasks the fastest was fixed-pool: 325 ms, 1.97x sequential. On 2 cores no model can beat 2.00x here, and it reached 98% of that limit.");
    }

    @Test
    void saysMoreThreadsDidNotHelpOnlyWhenTheSpeedupStayedFlat() {
        assertThat(BasicsFindings.cpu(cpu(340))).anySatisfy(s -> assertThat(s).startsWith("More threads than cores did not help")
                .contains("threads: 1.90x with 2, 1.88x with 64"));
        assertThat(BasicsFindings.cpu(cpu(600))).anySatisfy(s -> assertThat(s).startsWith("More threads than cores cost time")
                .contains("1.07x with 64"));
    }

    @Test
    void comparesCpuUseAndThreadCostFromTheCells() {
        List<String> found = BasicsFindings.cpu(cpu(340));
        assertThat(found).contains("CPU use at 64 tasks: sequential kept 50% of the 2 cores busy, fixed-pool 99%. Parallelism is more cores working at once.");
        assertThat(found).anySatisfy(s -> assertThat(s).contains("peaked at 74 live platform threads").contains("virtual threads peaked at 12"));
    }

    @Test
    void leavesOutWhatWasNotMeasured() {
        GridResult noSequential = new Synthetic(Workload.Kind.CPU)
                .model("virtual", 0)
                .cell("virtual", 2, 11, 0.9, 12, 2).cell("virtual", 64, 330, 0.98, 12, 64)
                .build();
        List<String> found = BasicsFindings.cpu(noSequential);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst()).doesNotContain("sequential").contains("virtual").contains("97%");
    }

    @Test
    void waitFindingsGroupThePoolBoundModelsAndShowOverlap() {
        GridResult waits = new Synthetic(Workload.Kind.WAIT)
                .model("sequential", 1).model("fixed-pool", 2).model("completable-future", 2).model("virtual", 0)
                .cell("sequential", 64, 645, 0.01, 10, 1).cell("fixed-pool", 64, 322, 0.01, 12, 2)
                .cell("completable-future", 64, 330, 0.01, 12, 2).cell("virtual", 64, 11, 0.05, 12, 64)
                .build();
        List<String> found = BasicsFindings.waits(waits);
        assertThat(found.get(0)).isEqualTo("64 waits of 10.0 ms: virtual finished in 11.0 ms (limit 10.0 ms: 91%), 58.64x sequential, on 2 cores.");
        assertThat(found.get(1)).isEqualTo("sequential ran 1 at a time and took 645 ms (limit 640 ms); "
                + "fixed-pool, completable-future ran 2 at a time and took 322 ms to 330 ms (limit 320 ms): the number of threads, not of cores, set their time.");
        assertThat(found.get(2)).startsWith("virtual had 64 waits in progress at once on 2 cores");
    }

    @Test
    void noOverlapClaimWhenNothingRanMoreTasksThanCores() {
        GridResult waits = new Synthetic(Workload.Kind.WAIT)
                .model("sequential", 1).model("fixed-pool", 2)
                .cell("sequential", 8, 80, 0.01, 10, 1).cell("fixed-pool", 8, 40, 0.01, 12, 2)
                .build();
        assertThat(BasicsFindings.waits(waits)).noneSatisfy(s -> assertThat(s).contains("in progress at once"));
    }

    @Test
    void chapterFindingSetsTheBestCpuSpeedupAgainstTheBestWaitSpeedup() {
        GridResult waits = new Synthetic(Workload.Kind.WAIT)
                .model("sequential", 1).model("virtual", 0)
                .cell("sequential", 64, 640, 0.01, 10, 1).cell("virtual", 64, 12.8, 0.05, 12, 64)
                .build();
        assertThat(BasicsFindings.chapter(List.of(cpu(340), waits))).containsExactly(
                "CPU-bound work reached at most 1.97x (fixed-pool, 64 tasks) with 2 cores; wait-bound work reached 50.00x (virtual, 64 tasks). "
                        + "Cores bound parallel computation; concurrency alone is enough to overlap waits.");
    }
}
