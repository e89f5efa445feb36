package exercises.celery.retry;

import dev.conclab.queue.TaskQueue;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exercise 6.2: retries that back off, spread out, and stop for good on permanent errors.
 */
public final class Backoff {

    private Backoff() {
    }

    /** Something that may fail. */
    public interface Service {
        String call(String url) throws Exception;
    }

    /** A failure worth retrying (a timeout, a 503). */
    public static final class TransientException extends Exception {
        public TransientException(String message) {
            super(message);
        }
    }

    /**
     * The delay before retry {@code attempt + 1}: uniformly random in {@code [0, min(max, base * 2^attempt)]}
     * ("full jitter"), with {@code random} uniform in [0, 1).
     */
    public static Duration delay(int attempt, Duration base, Duration max, DoubleSupplier random) {
        // TODO: always the same delay, so retries hammer the service at a fixed rate, all together.
        //  Grow it exponentially with the attempt, cap it at max, and draw it at random below that.
        return base;
    }

    /**
     * Registers {@code fetch(url)}: returns {@code service.call(url)}; retries a {@link TransientException}
     * after {@link #delay}; fails any other error at once.
     */
    public static void register(TaskQueue queue, Service service, Duration base, Duration max, DoubleSupplier random) {
        queue.register("fetch", ctx -> {
            String url = ctx.arg(0, String.class);
            // TODO: every failure is left to the queue, which retries it whatever it was.
            //  Retry transient failures after delay(ctx.attempt(), ...); fail the others at once.
            return service.call(url);
        });
    }
}
