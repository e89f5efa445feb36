package dev.conclab.lab.workload;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationTest {

    @Test
    void aCalibratedUnitTakesAboutTheTargetTime() {
        var result = Calibration.of(new SumOfSquares(), Duration.ofMillis(5));
        assertThat(result.iterations()).isGreaterThan(new SumOfSquares().minimumIterations());
        // Generous: the check is that calibration scales the work, not how steady this machine is.
        assertThat(result.unitNanos()).isBetween(2_000_000L, 12_000_000L);
        assertThat(result.targetNanos()).isEqualTo(5_000_000L);
    }

    @Test
    void resultsAreCachedPerKernelAndTarget() {
        var first = Calibration.of(new Sha256(), Duration.ofMillis(3));
        assertThat(Calibration.of(new Sha256(), Duration.ofMillis(3))).isSameAs(first);
    }

    @Test
    void aLongerTargetNeedsMoreIterations() {
        var shorter = Calibration.of(new SumOfSquares(), Duration.ofMillis(2));
        var longer = Calibration.of(new SumOfSquares(), Duration.ofMillis(8));
        assertThat(longer.iterations()).isGreaterThan(shorter.iterations() * 2);
    }

    @Test
    void rejectsANonPositiveTarget() {
        assertThatThrownBy(() -> Calibration.of(new SumOfSquares(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kernelsGiveChecksumsThatDependOnTheIndexAndNothingElse() {
        for (CpuKernel kernel : new CpuKernel[]{new SumOfSquares(), new Sha256()}) {
            assertThat(kernel.run(3, 2_000)).as(kernel.id()).isEqualTo(kernel.run(3, 2_000));
            assertThat(kernel.run(3, 2_000)).as(kernel.id()).isNotEqualTo(kernel.run(4, 2_000));
        }
    }

    @Test
    void sleepWorkloadReturnsTheIndexAndReportsItsWait() throws Exception {
        Workload sleep = Workloads.sleep(Duration.ofMillis(20));
        assertThat(sleep.runUnit(7)).isEqualTo(7);
        assertThat(sleep.unitNanos()).isEqualTo(20_000_000L);
        assertThat(sleep.kind()).isEqualTo(Workload.Kind.WAIT);
    }
}
