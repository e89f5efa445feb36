package exercises.futures.deadline;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DeadlineTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean slowInterrupted = new AtomicBoolean();
    private final CountDownLatch slowEnded = new CountDownLatch(1);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Releases only when the test says so: the first one ends at once, the second after the first. */
    private final CountDownLatch firstDone = new CountDownLatch(1);

    private List<Callable<String>> tasks() {
        Callable<String> slow = () -> {
            try {
                Thread.sleep(8_000);
                return "slow";
            } catch (InterruptedException e) {
                slowInterrupted.set(true);
                throw e;
            } finally {
                slowEnded.countDown();
            }
        };
        Callable<String> second = () -> {
            firstDone.await();
            Thread.sleep(20);
            return "second";
        };
        Callable<String> first = () -> {
            try {
                return "first";
            } finally {
                firstDone.countDown();
            }
        };
        Callable<String> failing = () -> {
            throw new IllegalStateException("no answer");
        };
        return List.of(slow, second, failing, first);
    }

    @Test
    @DisplayName("returns what finished before the deadline, in the order it finished")
    @Hint("Results come back in submission order, and only once every task is done. Take them as they complete: ExecutorCompletionService.")
    void returnsInCompletionOrder() throws Exception {
        var results = Deadline.collect(executor, tasks(), Duration.ofMillis(1_000));
        assertThat(results).containsExactly("first", "second");
    }

    @Test
    @DisplayName("stops waiting at the deadline")
    @Hint("The 8 s task must not hold you up: poll(timeLeft, NANOSECONDS) and stop when it returns null.")
    void stopsAtTheDeadline() throws Exception {
        var done = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                Deadline.collect(executor, tasks(), Duration.ofMillis(300));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).as("collect() returned within 5 s of a 300 ms deadline").isTrue();
        caller.join();
    }

    @Test
    @DisplayName("cancels the tasks still running at the deadline")
    @Hint("When time is up, cancel(true) every future that is not done: the slow task is interrupted.")
    void cancelsTheRest() throws Exception {
        Deadline.collect(executor, tasks(), Duration.ofMillis(300));
        assertThat(slowEnded.await(5, TimeUnit.SECONDS)).as("the slow task ended soon after the deadline").isTrue();
        assertThat(slowInterrupted.get()).as("the slow task was interrupted").isTrue();
    }
}
