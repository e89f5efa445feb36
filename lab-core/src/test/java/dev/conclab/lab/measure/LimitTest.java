package dev.conclab.lab.measure;

import org.junit.jupiter.api.Test;

import static dev.conclab.lab.workload.Workload.Kind.CPU;
import static dev.conclab.lab.workload.Workload.Kind.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitTest {

    private static final long UNIT = 10_000_000;

    @Test
    void cpuWorkIsDividedByTheCoresTheModelCanKeepBusy() {
        assertThat(Limit.of(CPU, 64, UNIT, 64, 2)).isEqualTo(new Limit(32 * UNIT, Bound.CORES));
        assertThat(Limit.of(CPU, 64, UNIT, 2, 2)).isEqualTo(new Limit(32 * UNIT, Bound.CORES));
        assertThat(Limit.of(CPU, 8, UNIT, 8, 4)).isEqualTo(new Limit(2 * UNIT, Bound.CORES));
    }

    @Test
    void cpuWorkWithLessConcurrencyThanCoresIsBoundByConcurrency() {
        assertThat(Limit.of(CPU, 64, UNIT, 1, 2)).isEqualTo(new Limit(64 * UNIT, Bound.CONCURRENCY));
        assertThat(Limit.of(CPU, 12, UNIT, 3, 8)).isEqualTo(new Limit(4 * UNIT, Bound.CONCURRENCY));
    }

    @Test
    void cpuWorkWithFewerTasksThanCoresCannotGoBelowOneUnit() {
        assertThat(Limit.of(CPU, 1, UNIT, 1, 2)).isEqualTo(new Limit(UNIT, Bound.TASKS));
        assertThat(Limit.of(CPU, 3, UNIT, 3, 8)).isEqualTo(new Limit(UNIT, Bound.TASKS));
    }

    @Test
    void threeTasksOnTwoCoresCanShareTheCoresFinely() {
        // Preemptive threads can time-slice: 3 units of work on 2 cores need 1.5 units of time.
        assertThat(Limit.of(CPU, 3, UNIT, 3, 2).nanos()).isEqualTo(15_000_000);
    }

    @Test
    void waitsGoInRoundsOfConcurrencyWhateverTheCores() {
        assertThat(Limit.of(WAIT, 64, UNIT, 64, 2)).isEqualTo(new Limit(UNIT, Bound.WAIT));
        assertThat(Limit.of(WAIT, 64, UNIT, 2, 2)).isEqualTo(new Limit(32 * UNIT, Bound.CONCURRENCY));
        assertThat(Limit.of(WAIT, 10, UNIT, 4, 64)).isEqualTo(new Limit(3 * UNIT, Bound.CONCURRENCY));
        assertThat(Limit.of(WAIT, 1000, UNIT, 1000, 1)).isEqualTo(new Limit(UNIT, Bound.WAIT));
    }

    @Test
    void concurrencyAboveTheTaskCountCountsAsTheTaskCount() {
        assertThat(Limit.of(WAIT, 4, UNIT, 100, 2)).isEqualTo(new Limit(UNIT, Bound.WAIT));
        assertThat(Limit.of(CPU, 4, UNIT, 100, 2)).isEqualTo(new Limit(2 * UNIT, Bound.CORES));
    }

    @Test
    void noTasksTakeNoTimeAndNonsenseIsRejected() {
        assertThat(Limit.of(CPU, 0, UNIT, 1, 2).nanos()).isZero();
        assertThatThrownBy(() -> Limit.of(CPU, 1, UNIT, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(WAIT, -1, UNIT, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
