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
        // base * 2^attempt, compared with max before it can overflow
        long ceiling = max.toNanos();
        long grown = base.toNanos();
        for (int i = 0; i < attempt && grown < ceiling; i++) {
            grown *= 2;
        }
        long cap = Math.min(ceiling, grown);
        return Duration.ofNanos((long) (random.getAsDouble() * cap));
    }

    /**
     * Registers {@code fetch(url)}: returns {@code service.call(url)}; retries a {@link TransientException}
     * after {@link #delay}; fails any other error at once.
     */
    public static void register(TaskQueue queue, Service service, Duration base, Duration max, DoubleSupplier random) {
        queue.register("fetch", ctx -> {
            String url = ctx.arg(0, String.class);
            try {
                return service.call(url);
            } catch (TransientException e) {
                throw ctx.retry(delay(ctx.attempt(), base, max, random));
            } catch (Exception e) {
                throw ctx.fail(e.getMessage());
            }
        });
    }
}
