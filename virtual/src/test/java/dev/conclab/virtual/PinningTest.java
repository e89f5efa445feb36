package dev.conclab.virtual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120) // deadlock guard only
class PinningTest {

    @Test
    void findsADeliberatelyPinnedTaskAndNamesWhereItWasPinned() throws Exception {
        var outcome = PinningCases.run(PinningCases.Case.CLASS_INIT, 4, Duration.ofMillis(40));
        assertThat(outcome.pins()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(outcome.pins()).allSatisfy(pin -> {
            assertThat(pin.where()).contains("SlowInit");
            // A lower bound only: the pin lasts through the 40 ms block; a slow machine only lengthens it.
            assertThat(pin.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        });
    }

    @Test
    void findsNothingInAnUnpinnedTask() throws Exception {
        assertThat(PinningCases.run(PinningCases.Case.REENTRANT_LOCK, 4, Duration.ofMillis(40)).pins()).isEmpty();
    }

    @Test
    void synchronizedNoLongerPinsSinceJep491() throws Exception {
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(24);
        assertThat(PinningCases.run(PinningCases.Case.SYNCHRONIZED, 4, Duration.ofMillis(40)).pins()).isEmpty();
    }

    @Test
    void aBlockingCallbackUnderANativeFramePins() throws Exception {
        var outcome = PinningCases.run(PinningCases.Case.NATIVE_FRAME, 4, Duration.ofMillis(40));
        assertThat(outcome.pins()).anySatisfy(pin -> assertThat(pin.stack()).anySatisfy(f -> assertThat(f).contains("sortWithSleepingComparator")));
    }
}
