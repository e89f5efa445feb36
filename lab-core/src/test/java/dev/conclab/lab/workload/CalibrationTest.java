package dev.conclab.lab.workload;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationTest {

    /** A kernel on a clock of its own: each iteration takes exactly {@code nanosPerIteration}, plus a fixed cost per call. */
    static final class ClockedKernel implements CpuKernel {
        final long nanosPerIteration;
        final long perCall;
        long now;

        ClockedKernel(long nanosPerIteration, long perCall) {
            this.nanosPerIteration = nanosPerIteration;
            this.perCall = perCall;
        }

        public String id() { return "clocked"; }
        public String description() { return "advances its own clock"; }
        public long run(int index, long iterations) {
            now += perCall + iterations * nanosPerIteration;
            return index;
        }
    }

    @Test
    void aCalibratedUnitTakesTheTargetTimeOnTheKernelsClock() {
        var kernel = new ClockedKernel(250, 0);
        var result = Calibration.calibrate(kernel, 5_000_000, () -> kernel.now);
        assertThat(result.iterations()).isEqualTo(20_000);
        assertThat(result.unitNanos()).isEqualTo(5_000_000);
        assertThat(result.targetNanos()).isEqualTo(5_000_000);
    }

    @Test
    void theCorrectionStepAbsorbsAFixedCostPerCall() {
        // 2 ms per call on top of the iterations: the first estimate overshoots, the correction
        // brings the unit back within 10 % of the target.
        var kernel = new ClockedKernel(100, 2_000_000);
        var result = Calibration.calibrate(kernel, 10_000_000, () -> kernel.now);
        assertThat(result.unitNanos()).isBetween(9_000_000L, 11_000_000L);
    }

    @Test
    void aRealKernelCalibratesToSomethingPositive() {
        var result = Calibration.of(new SumOfSquares(), Duration.ofMillis(5));
        assertThat(result.iterations()).isGreaterThanOrEqualTo(new SumOfSquares().minimumIterations());
        assertThat(result.unitNanos()).isPositive();
    }

    @Test
    void resultsAreCachedPerKernelAndTarget() {
        var first = Calibration.of(new Sha256(), Duration.ofMillis(3));
        assertThat(Calibration.of(new Sha256(), Duration.ofMillis(3))).isSameAs(first);
    }

    @Test
    void aLongerTargetNeedsProportionallyMoreIterations() {
        var kernel = new ClockedKernel(40, 0);
        var shorter = Calibration.calibrate(kernel, 2_000_000, () -> kernel.now);
        var longer = Calibration.calibrate(kernel, 8_000_000, () -> kernel.now);
        assertThat(longer.iterations()).isEqualTo(shorter.iterations() * 4);
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
