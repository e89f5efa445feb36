package dev.conclab.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class HandOffTest {

    @Test
    void theFifoHandOffGivesTheGilToWaitersInArrivalOrder() throws Exception {
        var events = new Events();
        // A long interval: no waiter wakes up (and briefly takes the runtime's mutex) while the
        // next one arrives, so "waiting" below means "in line".
        var options = GilOptions.cpython().withHandOff(GilOptions.HandOff.FIFO).withSwitchInterval(Duration.ofSeconds(1));
        try (var gil = new GilRuntime(options, events)) {
            var holds = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var holder = gil.start("holder", () -> {
                holds.countDown();
                return release.await(20, TimeUnit.SECONDS);
            });
            assertThat(holds.await(20, TimeUnit.SECONDS)).isTrue();
            List<Thread> arrivals = new ArrayList<>();
            List<GilThread<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                var waiter = gil.<Void>start("waiter-" + i, () -> null);
                ShutdownTest.awaitWaiting(waiter.thread());
                arrivals.add(waiter.thread());
                waiters.add(waiter);
            }
            release.countDown();
            holder.join();
            for (var waiter : waiters) {
                waiter.join();
            }
            assertThat(events.takers().subList(1, 5)).containsExactlyElementsOf(arrivals);
        }
    }

    @Test
    void cpythonsHandOffForcesASwitchAfterARequestedDrop() throws Exception {
        // After a requested drop the dropping thread may not take the GIL straight back: the
        // GIL alternates between two CPU-bound threads instead of staying with one.
        var events = new Events();
        try (var gil = new GilRuntime(GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1)), events)) {
            var threads = new ArrayList<GilThread<Void>>();
            for (String name : List.of("left", "right")) {
                threads.add(gil.start(name, () -> {
                    for (int i = 0; i < 200; i++) {
                        Spin.micros(100);
                        GilRuntime.checkpoint();
                    }
                    return null;
                }));
            }
            for (var t : threads) {
                t.join();
            }
            var takers = events.takers();
            var requested = events.of(Events.Kind.DROP).stream()
                    .filter(e -> e.reason() == GilListener.DropReason.REQUESTED).toList();
            assertThat(requested).isNotEmpty();
            for (var drop : requested) {
                // The next take after a requested drop is by the other thread.
                var next = events.of(Events.Kind.TAKE).stream().filter(e -> e.atNanos() >= drop.atNanos()).findFirst().orElseThrow();
                assertThat(next.thread()).isNotEqualTo(drop.thread());
            }
            assertThat(takers).hasSizeGreaterThan(2);
        }
    }
}
