package dev.conclab.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Duration;

/**
 * What a running task knows about itself: Celery's {@code self.request} plus {@code self.retry} and
 * {@code self.update_state}. One context per attempt; used by the task's own thread.
 */
public interface TaskContext {

    /** The task id, the same across retries and redeliveries. */
    String id();

    /** The task's name. */
    String name();

    /** 0 for the first attempt, 1 for the first retry, and so on. */
    int attempt();

    /** The JSON arguments as sent. */
    ArrayNode args();

    /**
     * Argument {@code index} converted to {@code type} (by Jackson: numbers, strings, lists, maps, records …).
     *
     * @throws BadArgumentsException when it is missing or does not convert: the task is not retried but goes to
     *                               the dead-letter queue, since no retry can mend its arguments
     */
    <T> T arg(int index, Class<T> type);

    /**
     * Asks for another attempt after {@code after}; use as {@code throw ctx.retry(after)}. Counts against
     * {@link TaskOptions#maxRetries()}: when none are left, the task fails.
     */
    RetryRequest retry(Duration after);

    /**
     * Fails the task at once, without the retries its options allow (a permanent error: bad input, a refusal);
     * use as {@code throw ctx.fail(reason)}. Celery's equivalent is an exception outside {@code autoretry_for}.
     */
    default FailNow fail(String reason) {
        return new FailNow(reason);
    }

    /** Records progress, visible through {@link AsyncResult#progress()} while the task runs. */
    void progress(Object meta);

    /**
     * Whether the soft time limit has passed. When it passes the task's thread is also interrupted, so
     * blocking calls throw; a task that catches the interrupt can clean up and return.
     */
    boolean softTimeLimitExceeded();

    /** Thrown by {@link #arg} when the arguments do not fit the task. */
    final class BadArgumentsException extends RuntimeException {
        public BadArgumentsException(String message) {
            super(message);
        }
    }

    /** Thrown by a task that must not be retried; see {@link #fail}. */
    final class FailNow extends RuntimeException {
        public FailNow(String reason) {
            super(reason);
        }
    }

    /** Thrown by a task to be retried; see {@link #retry}. */
    final class RetryRequest extends RuntimeException {
        private final Duration after;

        public RetryRequest(Duration after) {
            super("retry requested in " + after, null, false, false);
            this.after = after;
        }

        public Duration after() {
            return after;
        }
    }
}
