package dev.conclab.virtual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(180) // deadlock guard only
class ThreadScaleTest {

    @Test
    void aHundredThousandWaitingVirtualThreadsEachRunExactlyOnce() throws Exception {
        var crowd = ThreadScale.crowd(ThreadScale.Kind.VIRTUAL, 100_000);
        assertThat(crowd.started()).isEqualTo(100_000);
        assertThat(crowd.completed()).isEqualTo(100_000);
        assertThat(crowd.stoppedBy()).isNull();
        assertThat(crowd.heapBytesPerThread()).as("a waiting virtual thread holds some heap").isPositive();
    }

    @Test
    void aHundredThousandVirtualSleepersAllWakeExactlyOnce() throws Exception {
        var sleepers = ThreadScale.sleep(ThreadScale.Kind.VIRTUAL, 100_000, Duration.ofMillis(50));
        assertThat(sleepers.completed()).isEqualTo(100_000);
        assertThat(sleepers.lateP50()).isLessThanOrEqualTo(sleepers.lateP99());
        assertThat(sleepers.lateP99()).isLessThanOrEqualTo(sleepers.lateMax());
    }

    @Test
    void platformCrowdsRunWithinTheMachinesHeadroom() throws Exception {
        int headroom = ThreadScale.platformHeadroom();
        assertThat(headroom).as(ThreadScale.platformLimits()).isGreaterThan(500);
        var crowd = ThreadScale.crowd(ThreadScale.Kind.PLATFORM, 300);
        assertThat(crowd.completed()).isEqualTo(300);
        assertThat(ThreadScale.platformLimits()).contains("kernel.pid_max=").doesNotContain("=-1");
    }

    @Test
    void sleepersBeyondWhatTheMachineAllowsAreRefusedWithTheLimits() {
        assertThatThrownBy(() -> ThreadScale.sleep(ThreadScale.Kind.PLATFORM, ThreadScale.platformHeadroom() + 1, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel.pid_max");
    }
}
