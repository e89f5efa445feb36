package dev.conclab.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** close() behaves like a Python program's exit: waits for non-daemon threads, stops daemons, never hangs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class ShutdownTest {

    @Test
    void closeWaitsForNonDaemonThreadsThenStopsEveryDaemonWhereverItIs() throws Exception {
        var gil = new GilRuntime(GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1)));
        var finished = new AtomicBoolean();
        var worker = gil.start("worker", () -> {
            GilRuntime.sleep(Duration.ofMillis(100));
            finished.set(true); // needs the GIL back, from two spinning daemons
            return null;
        });
        GilThread<Object> spinner1 = gil.startDaemon("spinner-1", ShutdownTest::spinForever);
        GilThread<Object> spinner2 = gil.startDaemon("spinner-2", ShutdownTest::spinForever);
        GilThread<Void> sleeper = gil.startDaemon("sleeper", () -> {
            GilRuntime.sleep(Duration.ofHours(1));
            return null;
        });

        gil.close();

        assertThat(finished).as("close() waited for the non-daemon thread").isTrue();
        assertThat(worker.join()).isNull();
        for (GilThread<?> daemon : List.of(spinner1, spinner2, sleeper)) {
            // join() waits as long as it takes (close() gives daemons only a short grace):
            // each daemon must end, and end by being stopped.
            assertThatThrownBy(daemon::join).as(daemon.name())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterpreterExitError.class);
            assertThat(daemon.isAlive()).as(daemon.name()).isFalse();
        }
        assertThat(gil.isClosed()).isTrue();
        assertThat(gil.holder()).isEmpty();
    }

    /** A daemon that computes forever and even swallows exceptions: only an Error can stop it. */
    private static Object spinForever() {
        while (true) {
            try {
                Spin.micros(50);
                GilRuntime.checkpoint();
            } catch (Exception swallowed) {
                // careless code: InterpreterExitError is an Error and passes through
            }
        }
    }

    @Test
    void afterCloseNothingStartsAndClosingAgainDoesNothing() throws Exception {
        var gil = new GilRuntime(GilOptions.cpython());
        assertThat(gil.call(() -> 7)).isEqualTo(7);
        gil.close();
        gil.close();
        assertThatThrownBy(() -> gil.start("late", () -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> gil.startDaemon("late", () -> 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> gil.call(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @SuppressWarnings("try") // close() inside the try on purpose: that is the mistake being refused
    void closeFromInsideTheRuntimeIsRefusedInsteadOfWaitingForItself() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            assertThatThrownBy(() -> gil.call(() -> {
                gil.close();
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("wait for itself");
            assertThat(gil.isClosed()).isFalse();
        }
    }

    @Test
    void anInterruptWhileWaitingForTheGilIsKeptUntilTheThreadHasIt() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1)))) {
            var holds = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var holder = gil.start("holder", () -> {
                holds.countDown();
                return release.await(20, TimeUnit.SECONDS); // waits while holding the GIL, on purpose
            });
            assertThat(holds.await(20, TimeUnit.SECONDS)).isTrue();
            var sawInterrupt = new AtomicBoolean();
            var waiter = gil.start("waiter", () -> {
                sawInterrupt.set(Thread.currentThread().isInterrupted());
                return null;
            });
            awaitWaiting(waiter.thread());
            waiter.thread().interrupt();
            Thread.sleep(20);
            assertThat(waiter.isAlive()).as("an interrupt does not get a thread past the GIL").isTrue();
            release.countDown();
            assertThat(holder.join()).isTrue();
            waiter.join();
            assertThat(sawInterrupt).as("the interrupt was given back once the thread had the GIL").isTrue();
        }
    }

    @Test
    void aFreeThreadedRuntimeAlsoStopsItsDaemonsAtTheirNextCheckpoint() throws Exception {
        var python = new GilRuntime(GilOptions.freeThreaded());
        GilThread<Object> spinner = python.startDaemon("spinner", ShutdownTest::spinForever);
        python.close();
        assertThatThrownBy(spinner::join).hasCauseInstanceOf(InterpreterExitError.class);
        assertThat(spinner.isAlive()).isFalse();
    }

    static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " never started waiting: " + thread.getState());
            }
            Thread.sleep(1);
        }
    }
}
