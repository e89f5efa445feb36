package dev.conclab.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The GIL's one promise: at most one thread runs between checkpoints, and never one inside a blocking call. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class OneHolderTest {

    private static final int THREADS = 8;
    private static final int SECTIONS = 4_000;

    /** Not volatile and not atomic on purpose: only the GIL protects it. */
    private long unprotectedCounter;

    @ParameterizedTest(name = "{0} hand-off")
    @EnumSource(GilOptions.HandOff.class)
    void underStressAtMostOneThreadHoldsTheGilAndNoneInsideABlockingCall(GilOptions.HandOff handOff) throws Exception {
        // A tiny switch interval makes the GIL change hands thousands of times.
        var options = GilOptions.cpython().withHandOff(handOff).withSwitchInterval(Duration.ofNanos(50_000));
        var inside = new AtomicInteger();
        var violations = new AtomicInteger();
        var blockingCalls = new AtomicInteger();
        unprotectedCounter = 0;
        try (var gil = new GilRuntime(options)) {
            var threads = new ArrayList<GilThread<Void>>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(gil.start("stress-" + t, () -> {
                    for (int i = 0; i < SECTIONS; i++) {
                        if (inside.incrementAndGet() != 1
                                || !gil.isHeldByCurrentThread()
                                || !gil.holder().orElseThrow().equals(Thread.currentThread())) {
                            violations.incrementAndGet();
                        }
                        long read = unprotectedCounter;
                        Spin.micros(2);
                        unprotectedCounter = read + 1;
                        inside.decrementAndGet();
                        GilRuntime.checkpoint();
                        if (i % 25 == 0) {
                            GilRuntime.blocking(() -> {
                                blockingCalls.incrementAndGet();
                                if (gil.isHeldByCurrentThread() || gil.holder().filter(Thread.currentThread()::equals).isPresent()) {
                                    violations.incrementAndGet();
                                }
                                Thread.sleep(0, 50_000);
                                return null;
                            });
                        }
                    }
                    return null;
                }));
            }
            for (GilThread<Void> t : threads) {
                t.join();
            }
            GilStats stats = gil.stats();
            assertThat(violations.get()).as("sections entered while another thread was inside, or without the GIL").isZero();
            assertThat(unprotectedCounter).as("increments lost: the GIL failed to exclude").isEqualTo((long) THREADS * SECTIONS);
            assertThat(blockingCalls.get()).isEqualTo(THREADS * (SECTIONS / 25));
            // The test only proves something if the GIL really changed hands, often, on request.
            assertThat(stats.dropRequests()).isPositive();
            assertThat(stats.requestedDrops()).isPositive();
            assertThat(stats.switches()).isGreaterThan(THREADS * 10L);
            assertThat(stats.blockingDrops()).isEqualTo(THREADS * (SECTIONS / 25));
        }
    }

    @Test
    void twoThreadsUnderTheGilCannotMeetAtABarrierUnlessTheyWaitInABlockingCall() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var barrier = new CyclicBarrier(2);
            // Whichever thread gets the GIL first waits for the other while holding it: the other
            // can never arrive, so the first times out and the second finds the barrier broken.
            var a = gil.start("a", () -> barrier.await(300, TimeUnit.MILLISECONDS));
            var b = gil.start("b", () -> barrier.await(300, TimeUnit.MILLISECONDS));
            var failures = new ArrayList<Class<?>>();
            for (var t : List.of(a, b)) {
                try {
                    t.join();
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getClass());
                }
            }
            assertThat(failures).containsExactlyInAnyOrder(TimeoutException.class, BrokenBarrierException.class);

            var meet = new CyclicBarrier(2);
            var c = gil.start("c", () -> GilRuntime.blocking(() -> meet.await(20, TimeUnit.SECONDS)));
            var d = gil.start("d", () -> GilRuntime.blocking(() -> meet.await(20, TimeUnit.SECONDS)));
            assertThat(c.join() + d.join()).isEqualTo(1); // arrival indices 0 and 1
        }
    }

    @Test
    void freeThreadedThreadsRunAtTheSameTime() throws Exception {
        try (var python = new GilRuntime(GilOptions.freeThreaded())) {
            var barrier = new CyclicBarrier(2);
            var a = python.start("a", () -> barrier.await(20, TimeUnit.SECONDS));
            var b = python.start("b", () -> barrier.await(20, TimeUnit.SECONDS));
            assertThat(a.join() + b.join()).isEqualTo(1);
            assertThat(python.stats()).isEqualTo(GilStats.NONE);
            assertThat(python.holder()).isEmpty();
        }
    }

    @Test
    void aThreadInABlockingCallLetsAnotherTakeTheGil() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var otherRan = new CountDownLatch(1);
            var blocked = new CountDownLatch(1);
            var waiter = gil.start("waits-in-blocking-call", () -> GilRuntime.blocking(() -> {
                blocked.countDown();
                return otherRan.await(20, TimeUnit.SECONDS);
            }));
            assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
            var other = gil.start("needs-the-gil", () -> {
                otherRan.countDown();
                return true;
            });
            assertThat(other.join()).isTrue();
            assertThat(waiter.join()).as("the waiter saw the other thread run while it was blocked").isTrue();
        }
    }

    @Test
    void cpuBoundThreadsTakeTurnsAtCheckpoints() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var secondRan = new CountDownLatch(1);
            var firstHolds = new CountDownLatch(1);
            var first = gil.start("first", () -> {
                firstHolds.countDown();
                // Runs until the second thread got in: only possible if a checkpoint let it.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (secondRan.getCount() > 0 && System.nanoTime() < deadline) {
                    Spin.micros(20);
                    GilRuntime.checkpoint();
                }
                return secondRan.getCount() == 0;
            });
            assertThat(firstHolds.await(20, TimeUnit.SECONDS)).isTrue();
            var second = gil.start("second", () -> {
                secondRan.countDown();
                return null;
            });
            second.join();
            assertThat(first.join()).as("the second thread ran while the first was still computing").isTrue();
            assertThat(gil.stats().requestedDrops()).isPositive();
        }
    }
}
