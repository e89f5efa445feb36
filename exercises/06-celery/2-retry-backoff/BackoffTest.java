package exercises.celery.retry;

import dev.conclab.learn.Hint;
import dev.conclab.queue.TaskFailedException;
import dev.conclab.queue.TaskOptions;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.TaskState;
import dev.conclab.queue.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    private final TaskQueue queue = TaskQueue.connect("memory:exercise-6.2-" + UUID.randomUUID());

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    @DisplayName("the delay doubles with each attempt, up to the maximum (random at its top)")
    @Hint("Full jitter's ceiling is min(max, base * 2^attempt): 100 ms, 200 ms, 400 ms … capped at 10 s.")
    void growsExponentiallyToTheCap() {
        double top = Math.nextDown(1.0);
        assertThat(Backoff.delay(0, BASE, MAX, () -> top).toMillis()).isBetween(99L, 100L);
        assertThat(Backoff.delay(1, BASE, MAX, () -> top).toMillis()).isBetween(199L, 200L);
        assertThat(Backoff.delay(3, BASE, MAX, () -> top).toMillis()).isBetween(799L, 800L);
        assertThat(Backoff.delay(20, BASE, MAX, () -> top).toMillis()).isBetween(9_999L, 10_000L);
        assertThat(Backoff.delay(200, BASE, MAX, () -> top).toMillis()).as("no overflow at attempt 200").isBetween(9_999L, 10_000L);
    }

    @Test
    @DisplayName("the delay is drawn at random between zero and the ceiling")
    @Hint("Multiply the ceiling by random.getAsDouble(): 0 gives no wait, 0.5 half the ceiling.")
    void isJittered() {
        assertThat(Backoff.delay(3, BASE, MAX, () -> 0.0)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.delay(3, BASE, MAX, () -> 0.5).toMillis()).isBetween(399L, 400L);
    }

    @Test
    @DisplayName("transient failures are retried and the task then succeeds")
    @Hint("Catch TransientException and throw ctx.retry(Backoff.delay(ctx.attempt(), base, max, random)).")
    void retriesTransientFailures() throws Exception {
        var calls = new AtomicInteger();
        Backoff.register(queue, url -> {
            if (calls.incrementAndGet() <= 2) {
                throw new Backoff.TransientException("503 from " + url);
            }
            return "page of " + url;
        }, Duration.ofMillis(5), Duration.ofMillis(20), () -> 0.5);
        try (var w = queue.startWorker(WorkerOptions.defaults().withLog(line -> { }))) {
            var r = queue.send("fetch", List.of("http://example.test/a"), TaskOptions.defaults().withRetries(5));
            assertThat(r.get(Duration.ofSeconds(20)).asText()).isEqualTo("page of http://example.test/a");
            assertThat(r.attempt()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a permanent failure fails at once, with retries left unused")
    @Hint("Only TransientException deserves a retry: for anything else throw ctx.fail(e.getMessage()).")
    void failsPermanentErrorsAtOnce() throws Exception {
        var calls = new AtomicInteger();
        Backoff.register(queue, url -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("no such page: " + url);
        }, Duration.ofMillis(5), Duration.ofMillis(20), () -> 0.5);
        try (var w = queue.startWorker(WorkerOptions.defaults().withLog(line -> { }))) {
            var r = queue.send("fetch", List.of("http://example.test/gone"),
                    TaskOptions.defaults().withRetries(5, Duration.ofMillis(1), Duration.ofMillis(5)));
            assertThatThrownBy(() -> r.get(Duration.ofSeconds(20))).isInstanceOf(TaskFailedException.class)
                    .hasMessageContaining("no such page");
            assertThat(r.state()).isEqualTo(TaskState.FAILURE);
        }
        assertThat(calls).as("calls to the service").hasValue(1);
    }
}
