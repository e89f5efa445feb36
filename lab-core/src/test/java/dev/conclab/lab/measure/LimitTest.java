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
    void aPoolCannotSplitTasksSoItsCpuLimitComesInWholeRounds() {
        // 3 tasks on a pool of 2: the third runs after one of the first two, whatever the cores.
        assertThat(Limit.of(CPU, 3, UNIT, 2, 8)).isEqualTo(new Limit(2 * UNIT, Bound.CONCURRENCY));
    }

    @Test
    void mixedUnitsAreBoundByTheCoresOrByTheRoundsWhicheverIsSlower() {
        long c = 2_000_000;
        long w = 18_000_000;
        // 100 units, 2 cores, pool of 10: 10 rounds of 20 ms = 200 ms, while the CPU needs only 100 ms.
        assertThat(Limit.of(c, w, 100, 10, 2)).isEqualTo(new Limit(200_000_000, Bound.CONCURRENCY));
        // Pool of 50: 2 rounds = 40 ms, but 100 x 2 ms of CPU on 2 cores needs 100 ms: the cores win.
        assertThat(Limit.of(c, w, 100, 50, 2)).isEqualTo(new Limit(100_000_000, Bound.CORES));
        // Little's law: 2 x (1 + 18/2) = 20 threads is where the two bounds meet.
        assertThat(Limit.of(c, w, 100, 20, 2).nanos()).isEqualTo(100_000_000);
    }

    @Test
    void aMixedKindNeedsItsParts() {
        assertThatThrownBy(() -> Limit.of(dev.conclab.lab.workload.Workload.Kind.MIXED, 1, UNIT, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noTasksTakeNoTimeAndNonsenseIsRejected() {
        assertThat(Limit.of(CPU, 0, UNIT, 1, 2).nanos()).isZero();
        assertThatThrownBy(() -> Limit.of(CPU, 1, UNIT, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(WAIT, -1, UNIT, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
