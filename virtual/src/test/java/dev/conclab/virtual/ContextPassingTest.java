package dev.conclab.virtual;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60) // deadlock guard only
class ContextPassingTest {

    @Test
    void everyWayHandsEveryThreadTheContext() throws Exception {
        for (ContextPassing.Way way : ContextPassing.Way.values()) {
            var outcome = ContextPassing.run(way, 2_000);
            assertThat(outcome.sawContext()).as(way.label()).isEqualTo(2_000);
        }
    }
}
