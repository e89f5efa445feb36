package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class EchoConvoyTest {

    private static final Duration WINDOW = Duration.ofMillis(200);

    @Test
    void anI0ThreadAloneAnswersEveryRequestAndLeavesNoThreadBehind() throws Exception {
        CpuHog hog = CpuHog.sumOfSquares(Duration.ofMillis(5));
        var result = EchoConvoy.run(GilOptions.cpython(), 0, hog, WINDOW, 50);
        assertThat(result.requests()).isBetween(1, 50);
        assertThat(result.p50Nanos()).isPositive().isLessThanOrEqualTo(result.p90Nanos());
        assertThat(result.p90Nanos()).isLessThanOrEqualTo(result.p99Nanos());
        assertThat(result.p99Nanos()).isLessThanOrEqualTo(result.maxNanos());
        assertThat(result.hogCores()).isNull();
        assertThat(result.gil().blockingDrops()).as("every read and write released the GIL").isGreaterThanOrEqualTo(2L * result.requests());
        assertNoThreadLeft();
    }

    @Test
    void nextToAHogUnderTheGilTheI0ThreadHasToAskForTheGil() throws Exception {
        CpuHog hog = CpuHog.sumOfSquares(Duration.ofMillis(5));
        var result = EchoConvoy.run(GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1)), 1, hog, WINDOW, 1_000);
        assertThat(result.requests()).isPositive();
        assertThat(result.hogCores()).isPositive();
        assertThat(result.gil().dropRequests()).as("the I/O thread had to ask the hog for the GIL").isPositive();
        assertThat(result.gil().requestedDrops()).isPositive();
        assertThat(result.switchesPerSecond()).isPositive();
        assertNoThreadLeft();
    }

    @Test
    void freeThreadedThereIsNoLockToWaitFor() throws Exception {
        CpuHog hog = CpuHog.sumOfSquares(Duration.ofMillis(5));
        var result = EchoConvoy.run(GilOptions.freeThreaded(), 2, hog, WINDOW, 1_000);
        assertThat(result.requests()).isPositive();
        assertThat(result.hogCores()).isPositive();
        assertThat(result.gil().takes()).isZero();
        assertNoThreadLeft();
    }

    @Test
    void badSettingsAreRefused() {
        CpuHog hog = new CpuHog(new EvalLoopKernel(new dev.conclab.lab.workload.SumOfSquares(), 100), 1_000, 1_000);
        assertThatThrownBy(() -> EchoConvoy.run(GilOptions.cpython(), -1, hog, WINDOW, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EchoConvoy.run(GilOptions.cpython(), 0, hog, Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertNoThreadLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> assertThat(t.getName()).matches("io|cpu-hog-\\d+"));
    }
}
