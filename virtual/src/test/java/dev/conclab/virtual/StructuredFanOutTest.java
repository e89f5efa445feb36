package dev.conclab.virtual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60) // deadlock guard only: the subtasks would wait 30 s if nothing cancelled them
class StructuredFanOutTest {

    @Test
    void aFailedSubtaskInterruptsEveryBlockedSibling() throws Exception {
        var outcome = StructuredFanOut.cancelOnFailure(1_000, Duration.ofSeconds(30), Duration.ofMillis(20));
        assertThat(outcome.outcome()).startsWith("failed").contains("on purpose");
        assertThat(outcome.interrupted()).isEqualTo(999);
        assertThat(outcome.completed()).isZero();
    }

    @Test
    void aDeadlineInterruptsEverySubtask() throws Exception {
        var outcome = StructuredFanOut.deadline(500, Duration.ofSeconds(30), Duration.ofMillis(50));
        assertThat(outcome.outcome()).isEqualTo("deadline passed");
        assertThat(outcome.interrupted()).isEqualTo(500);
        assertThat(outcome.completed()).isZero();
    }

    @Test
    void withoutFailureEverySubtaskFinishes() throws Exception {
        var outcome = StructuredFanOut.deadline(200, Duration.ofMillis(10), Duration.ofSeconds(20));
        assertThat(outcome.outcome()).isEqualTo("all succeeded");
        assertThat(outcome.completed()).isEqualTo(200);
    }
}
