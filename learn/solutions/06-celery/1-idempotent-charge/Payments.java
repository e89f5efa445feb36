package exercises.celery.idempotent;

import dev.conclab.queue.TaskQueue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exercise 6.1: a task whose effect survives being run twice.
 */
public final class Payments {

    private Payments() {
    }

    /** Charges to customers; thread-safe. */
    public static final class Ledger {
        private final ConcurrentHashMap<String, Long> byKey = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();

        /** Charges {@code cents}, every time it is called. */
        public void charge(long cents) {
            total.addAndGet(cents);
        }

        /** Charges {@code cents} unless {@code key} was charged before; returns whether it charged. */
        public boolean chargeOnce(String key, long cents) {
            if (byKey.putIfAbsent(key, cents) == null) {
                total.addAndGet(cents);
                return true;
            }
            return false;
        }

        /** Everything charged so far, in cents. */
        public long total() {
            return total.get();
        }
    }

    /**
     * Registers the task {@code charge(cents)}: charges the customer, then calls {@code afterCharge}
     * (where a test can stop the worker, as a crash would, before the task is acknowledged), then
     * returns the cents.
     */
    public static void register(TaskQueue queue, Ledger ledger, Runnable afterCharge) {
        queue.register("charge", ctx -> {
            long cents = ctx.arg(0, long.class);
            // The task id is the same on every delivery of one task: the charge's key.
            ledger.chargeOnce(ctx.id(), cents);
            afterCharge.run();
            return cents;
        });
    }
}
