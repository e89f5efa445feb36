package exercises.gevent.first;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class FirstSuccessTest {

    /** A source that answers only after 3 s, and notes whether it was interrupted first. */
    static final class Slow implements Callable<String> {
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public String call() throws InterruptedException {
            try {
                Thread.sleep(3_000);
                return "slow";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            } finally {
                ended.countDown();
            }
        }
    }

    static Callable<String> fast() {
        return () -> {
            Thread.sleep(20);
            return "fast";
        };
    }

    static Callable<String> failing() {
        return () -> {
            throw new IllegalStateException("replica down");
        };
    }

    @Test
    @DisplayName("returns the first answer, not the first source's")
    @Hint("The slow source is asked first and answers after 3 s. Ask all sources at once (fork each in a StructuredTaskScope).")
    void returnsTheFirstAnswer() throws Exception {
        assertThat(FirstSuccess.ask(List.of(new Slow(), fast()))).isEqualTo("fast");
    }

    @Test
    @DisplayName("cancels the slower sources, and they have stopped when ask() returns")
    @Hint("Joiner.anySuccessfulResultOrThrow() makes the scope interrupt the losers; closing the scope waits for them.")
    void cancelsTheRest() throws Exception {
        var slow = new Slow();
        FirstSuccess.ask(List.of(fast(), slow));
        assertThat(slow.ended.await(0, TimeUnit.MILLISECONDS)).as("the slow source had stopped when ask() returned").isTrue();
        assertThat(slow.interrupted.get()).as("the slow source was interrupted, not left to finish").isTrue();
    }

    @Test
    @DisplayName("ignores a failed source when another answers")
    @Hint("One failure must not fail the whole question: the first *successful* result wins.")
    void ignoresAFailure() throws Exception {
        assertThat(FirstSuccess.ask(List.of(failing(), fast()))).isEqualTo("fast");
    }

    @Test
    @DisplayName("fails when every source fails")
    @Hint("When no source succeeds, join() throws; let it propagate.")
    void failsWhenAllFail() {
        assertThatThrownBy(() -> FirstSuccess.ask(List.of(failing(), failing()))).isInstanceOf(Exception.class);
    }
}
