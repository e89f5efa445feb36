package dev.conclab.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a thread's body throws reaches whoever waits for it, and the GIL is never left held. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class FailureTest {

    @Test
    void joinRethrowsWhatTheBodyThrewAndTheGilIsFreeAfterwards() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var broken = new IOException("disk on fire");
            var thread = gil.start("reader", () -> {
                throw broken;
            });
            assertThatThrownBy(thread::join).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("reader").cause().isSameAs(broken);
            assertThat(gil.holder()).isEmpty();

            var error = new AssertionError("not an exception");
            var daemon = gil.startDaemon("checker", () -> {
                throw error;
            });
            assertThatThrownBy(daemon::join).cause().isSameAs(error);
            assertThat(gil.call(() -> "the GIL still works")).isEqualTo("the GIL still works");
        }
    }

    @Test
    void callRethrowsTheBodysOwnExceptionAfterDroppingTheGil() {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var failure = new IllegalStateException("bad state");
            assertThatThrownBy(() -> gil.call(() -> {
                throw failure;
            })).isSameAs(failure);
            assertThat(gil.holder()).isEmpty();
        }
    }

    @Test
    void aBlockingCallRethrowsItsCheckedExceptionWithTheGilTakenBack() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            boolean heldWhenCaught = gil.call(() -> {
                try {
                    GilRuntime.blocking(() -> {
                        throw new IOException("connection reset");
                    });
                    return false;
                } catch (IOException expected) {
                    return gil.isHeldByCurrentThread();
                }
            });
            assertThat(heldWhenCaught).isTrue();
        }
    }

    @Test
    void joinReturnsTheResultAndWaitsWithTheGilReleased() throws Exception {
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            long sum = gil.call(() -> {
                // The joining thread holds the GIL; the joined threads need it to run at all.
                var a = gil.start("a", () -> 20L);
                var b = gil.start("b", () -> 22L);
                return a.join() + b.join();
            });
            assertThat(sum).isEqualTo(42);
        }
    }
}
