package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A waiting thread asks for the GIL after one switch interval, and the holder lets go at its
 * next checkpoint: the wait is at most the switch interval plus one kernel step (plus the time
 * the operating system takes to wake the waiter). Checked by the order of events, not by timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class DropRequestTest {

    private static final Duration INTERVAL = Duration.ofMillis(5);
    private static final long STEP_MICROS = 500;

    @ParameterizedTest(name = "{0} hand-off")
    @EnumSource(GilOptions.HandOff.class)
    void aDropRequestComesAfterOneSwitchIntervalAndIsHonouredAtTheHoldersNextCheckpoint(GilOptions.HandOff handOff) throws Exception {
        var events = new Events();
        var waiterGotIt = new AtomicBoolean();
        var holding = new CountDownLatch(1);
        List<Long> checkpointTimes = new ArrayList<>(); // written by the holder only, read after join
        try (var gil = new GilRuntime(GilOptions.cpython().withHandOff(handOff).withSwitchInterval(INTERVAL), events)) {
            var holder = gil.start("holder", () -> {
                holding.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!waiterGotIt.get() && System.nanoTime() < deadline) {
                    Spin.micros(STEP_MICROS);              // one kernel step
                    checkpointTimes.add(System.nanoTime());
                    GilRuntime.checkpoint();               // the eval breaker
                }
                return null;
            });
            assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
            Thread waiter = Thread.currentThread();
            gil.call(() -> {
                waiterGotIt.set(true);
                return null;
            });
            holder.join();

            var requests = events.of(Events.Kind.REQUEST).stream().filter(e -> e.thread() == waiter).toList();
            assertThat(requests).as("one request: the holder honoured it at once").hasSize(1);
            var request = requests.getFirst();
            assertThat(request.thread()).isEqualTo(waiter);
            assertThat(request.waitedNanos()).as("asked only after a whole switch interval").isGreaterThanOrEqualTo(INTERVAL.toNanos());

            var drop = events.all().stream()
                    .filter(e -> e.kind() == Events.Kind.DROP && e.reason() == DropReason.REQUESTED).findFirst().orElseThrow();
            assertThat(drop.thread()).isEqualTo(holder.thread());
            assertThat(drop.atNanos()).isGreaterThanOrEqualTo(request.atNanos());
            long stepsBetween = checkpointTimes.stream().filter(t -> t > request.atNanos() && t <= drop.atNanos()).count();
            assertThat(stepsBetween).as("kernel steps the holder finished between the request and the drop").isLessThanOrEqualTo(1);

            var waiterTake = events.of(Events.Kind.TAKE).stream().filter(e -> e.thread() == waiter).findFirst().orElseThrow();
            assertThat(waiterTake.atNanos()).isGreaterThanOrEqualTo(drop.atNanos());
            assertThat(gil.stats().requestedDrops()).isEqualTo(1);
            assertThat(gil.stats().maxHonourNanos()).isEqualTo(drop.atNanos() - request.atNanos());
        }
    }

    @Test
    void withoutCheckpointsTheHolderIsNeverInterrupted() throws Exception {
        var events = new Events();
        try (var gil = new GilRuntime(GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1)), events)) {
            var holding = new CountDownLatch(1);
            var finished = new AtomicBoolean();
            var holder = gil.start("no-checkpoints", () -> {
                holding.countDown();
                Spin.micros(30_000); // a C extension that never releases the GIL
                finished.set(true);
                return null;
            });
            assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
            boolean sawFinished = gil.call(finished::get);
            holder.join();
            assertThat(sawFinished).as("the waiter got in only after the holder finished").isTrue();
            assertThat(events.of(Events.Kind.REQUEST)).as("the waiter asked, again and again, in vain").isNotEmpty();
            assertThat(gil.stats().requestedDrops()).isZero();
        }
    }
}
