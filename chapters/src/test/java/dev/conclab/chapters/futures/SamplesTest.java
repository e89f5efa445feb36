package dev.conclab.chapters.futures;

import dev.conclab.chapters.futures.samples.Sample;
import dev.conclab.chapters.futures.samples.Samples;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each sample checks the contract it demonstrates (timeouts bound the wait not the work,
 * cancel(true) interrupts, invokeAny cancels the losers, failures propagate wrapped,
 * a structured scope cancels siblings …) and reports it in {@code holds}.
 */
@Timeout(60) // deadlock guard only
class SamplesTest {

    static List<Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theApiBehavesAsTheSampleSays(Sample sample) throws Exception {
        Sample.Observation observation = sample.run();
        assertThat(observation.holds()).as(sample.number() + ": " + observation.facts()).isTrue();
        assertThat(observation.facts()).isNotEmpty().allSatisfy(f -> assertThat(f).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void numbersFollowTheFileNames(Sample sample) {
        assertThat(sample.getClass().getSimpleName()).startsWith(sample.number() + "_");
    }
}
