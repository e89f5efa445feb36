package dev.conclab.loop;

/**
 * A callback scheduled on an {@link EventLoop} ({@code asyncio.Handle}): it runs once, on the
 * loop's thread, unless it is cancelled first.
 *
 * <p>{@link #cancel()} may be called from any thread; a callback that has already started is
 * not interrupted. Cancelling from another thread is a request that wins only if it is seen
 * before the callback starts.
 */
public sealed class Handle permits TimerHandle {

    private final Runnable callback;
    private final String createdAt;
    private volatile boolean cancelled;

    Handle(Runnable callback, String createdAt) {
        this.callback = callback;
        this.createdAt = createdAt;
    }

    /** Keeps the callback from running if it has not started yet. Idempotent. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    Runnable callback() {
        return callback;
    }

    /** Where the handle was scheduled: a short stack in debug mode, else null. */
    String createdAt() {
        return createdAt;
    }

    /** The callback's class and, in debug mode, where it was scheduled. */
    String describe() {
        String name = callback.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        String shown = lambda >= 0 ? name.substring(0, lambda) + " (lambda)" : name;
        return createdAt == null ? shown : shown + " scheduled at " + createdAt;
    }

    @Override
    public String toString() {
        return "Handle[" + describe() + (cancelled ? ", cancelled" : "") + "]";
    }
}
