package dev.conclab.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one task is sent: Celery's {@code apply_async} options. Immutable; build from
 * {@link #defaults()} with the {@code with…} methods:
 *
 * <pre>{@code
 * var options = TaskOptions.defaults()
 *         .withQueue("emails")
 *         .withCountdown(Duration.ofSeconds(30))
 *         .withRetries(5, Duration.ofSeconds(1), Duration.ofMinutes(5))
 *         .withTimeLimits(Duration.ofSeconds(10), Duration.ofSeconds(15))
 *         .withIdempotencyKey("welcome-mail:" + userId);
 * }</pre>
 *
 * @param queue          the queue the task goes to ({@value #DEFAULT_QUEUE} by default)
 * @param countdown      run no earlier than this long after sending, or null
 * @param eta            run no earlier than this instant, or null (the later of eta and countdown wins)
 * @param expires        if not started this long after sending, the task is REVOKED instead of run; or null
 * @param maxRetries     how many times a failing task is retried (0: never); retries beyond it fail the task
 *                       and send it to the dead-letter queue
 * @param backoff        the delay before the first retry; it doubles with each attempt
 * @param backoffMax     the longest delay between retries
 * @param jitter         whether each retry delay is drawn uniformly from [0, delay] ("full jitter"), so that
 *                       many tasks failing together do not retry together
 * @param softTimeLimit  after this long the task's thread is interrupted and
 *                       {@link TaskContext#softTimeLimitExceeded()} turns true, so it can clean up; or null
 * @param hardTimeLimit  after this long the task is stopped (its process killed in the processes pool, its
 *                       thread abandoned in thread pools) and fails; or null
 * @param priority       0 (default) to 9: within a queue, higher runs first
 * @param idempotencyKey sends with the same key while the first one's record lives return the first task's
 *                       result instead of sending again; or null
 */
public record TaskOptions(String queue, Duration countdown, Instant eta, Duration expires, int maxRetries,
                          Duration backoff, Duration backoffMax, boolean jitter, Duration softTimeLimit,
                          Duration hardTimeLimit, int priority, String idempotencyKey) {

    public static final String DEFAULT_QUEUE = "default";

    public TaskOptions {
        Objects.requireNonNull(queue, "queue");
        if (queue.isBlank() || !queue.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException("queue name must be letters, digits, '_', '.', ':' or '-', got '" + queue + "'");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0, got " + maxRetries);
        }
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority must be 0..9, got " + priority);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(backoffMax, "backoffMax");
        requireNonNegative(countdown, "countdown");
        requirePositive(expires, "expires");
        requirePositive(softTimeLimit, "soft time limit");
        requirePositive(hardTimeLimit, "hard time limit");
    }

    public static TaskOptions defaults() {
        return new TaskOptions(DEFAULT_QUEUE, null, null, null, 0, Duration.ofSeconds(1), Duration.ofMinutes(10),
                true, null, null, 0, null);
    }

    public TaskOptions withQueue(String queue) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withCountdown(Duration countdown) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withEta(Instant eta) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withExpires(Duration expires) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withRetries(int maxRetries) {
        return withRetries(maxRetries, backoff, backoffMax);
    }

    public TaskOptions withRetries(int maxRetries, Duration backoff, Duration backoffMax) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withJitter(boolean jitter) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    /** Either limit may be null. */
    public TaskOptions withTimeLimits(Duration soft, Duration hard) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, soft, hard,
                priority, idempotencyKey);
    }

    public TaskOptions withPriority(int priority) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, idempotencyKey);
    }

    public TaskOptions withIdempotencyKey(String key) {
        return new TaskOptions(queue, countdown, eta, expires, maxRetries, backoff, backoffMax, jitter, softTimeLimit,
                hardTimeLimit, priority, key);
    }

    private static void requireNonNegative(Duration d, String what) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + d);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(what + " must be > 0, got " + d);
        }
    }
}
