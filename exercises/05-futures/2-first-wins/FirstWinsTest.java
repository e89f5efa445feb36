package exercises.futures.first;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class FirstWinsTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicBoolean slowInterrupted = new AtomicBoolean();
    private final CountDownLatch slowEnded = new CountDownLatch(1);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Callable<String> slow() {
        return () -> {
            try {
                Thread.sleep(4_000);
                return "slow";
            } catch (InterruptedException e) {
                slowInterrupted.set(true);
                throw e;
            } finally {
                slowEnded.countDown();
            }
        };
    }

    private static Callable<String> fast() {
        return () -> {
            Thread.sleep(20);
            return "fast";
        };
    }

    private static Callable<String> failing() {
        return () -> {
            throw new IllegalStateException("replica down");
        };
    }

    @Test
    @DisplayName("returns the first answer to arrive, not the first replica's")
    @Hint("The slow replica is first in the list. Take futures in completion order: ExecutorCompletionService.take().")
    void returnsTheFirstToArrive() throws Exception {
        assertThat(FirstWins.first(executor, List.of(slow(), fast()))).isEqualTo("fast");
    }

    @Test
    @DisplayName("cancels the replicas still running before it returns")
    @Hint("cancel(true) every future before returning: the slow replica must be interrupted.")
    void cancelsTheLosers() throws Exception {
        FirstWins.first(executor, List.of(fast(), slow()));
        assertThat(slowEnded.await(2, TimeUnit.SECONDS)).as("the slow replica stopped within 2 s").isTrue();
        assertThat(slowInterrupted.get()).as("it was interrupted, not left to finish").isTrue();
    }

    @Test
    @DisplayName("skips a failed replica when another succeeds")
    @Hint("A replica that throws is not an answer: keep taking until one succeeds.")
    void skipsFailures() throws Exception {
        assertThat(FirstWins.first(executor, List.of(failing(), fast()))).isEqualTo("fast");
    }

    @Test
    @DisplayName("fails when every replica fails")
    @Hint("When none succeeds, throw an ExecutionException.")
    void failsWhenAllFail() {
        assertThatThrownBy(() -> FirstWins.first(executor, List.of(failing(), failing()))).isInstanceOf(ExecutionException.class);
    }
}
