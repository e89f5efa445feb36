package dev.conclab.gil;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GilRuntimeApiTest {

    @Test
    void optionsHaveCPythonsDefaultsAndRejectImpossibleIntervals() {
        assertThat(GilOptions.cpython().switchInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(GilOptions.cpython().describe()).isEqualTo("GIL, 5 ms switch interval, CPython's hand-off");
        assertThat(GilOptions.cpython().withSwitchInterval(Duration.ofNanos(100_000)).withHandOff(GilOptions.HandOff.FIFO).describe())
                .isEqualTo("GIL, 0.1 ms switch interval, FIFO hand-off");
        assertThat(GilOptions.freeThreaded().describe()).isEqualTo("free-threaded (no GIL)");
        assertThatThrownBy(() -> GilOptions.cpython().withSwitchInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("switch interval must be more than 0 and at most 10 s, got PT0S");
        assertThatThrownBy(() -> GilOptions.cpython().withSwitchInterval(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSwitchIntervalCanBeChangedWhileRunning() {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            gil.setSwitchInterval(Duration.ofMillis(1));
            assertThat(gil.switchInterval()).isEqualTo(Duration.ofMillis(1));
            assertThat(gil.options().switchInterval()).isEqualTo(Duration.ofMillis(1));
            assertThatThrownBy(() -> gil.setSwitchInterval(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void outsideAnyRuntimeCheckpointsAndBlockingCallsJustRun() throws Exception {
        GilRuntime.checkpoint();
        assertThat(GilRuntime.blocking(() -> 5)).isEqualTo(5);
        assertThat(GilRuntime.current()).isEmpty();
    }

    @Test
    void aThreadBelongsToOneRuntimeAtATimeAndNestedCallsJustRun() throws Exception {
        try (var first = new GilRuntime(GilOptions.cpython()); var second = new GilRuntime(GilOptions.cpython())) {
            int nested = first.call(() -> {
                assertThat(GilRuntime.current()).containsSame(first);
                assertThat(first.isHeldByCurrentThread()).isTrue();
                assertThat(second.isHeldByCurrentThread()).isFalse();
                assertThatThrownBy(() -> second.call(() -> 1)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another GilRuntime");
                return first.call(() -> 2);
            });
            assertThat(nested).isEqualTo(2);
            assertThat(first.isHeldByCurrentThread()).isFalse();
        }
    }

    @Test
    void statsCountTakesSwitchesAndBlockingDrops() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            gil.call(() -> {
                GilRuntime.sleep(Duration.ofMillis(1));
                return null;
            });
            GilStats stats = gil.stats();
            assertThat(stats.takes()).isEqualTo(2);
            assertThat(stats.blockingDrops()).isEqualTo(1);
            assertThat(stats.contendedTakes()).isZero();
            assertThat(stats.meanContendedWaitNanos()).isZero();
        }
    }
}
