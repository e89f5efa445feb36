package dev.conclab.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * A flag that tasks can wait for ({@code asyncio.Event}): {@link #waitSet()} returns a future
 * that completes when the flag is set; {@link #set()} wakes every waiter at once.
 *
 * <p>Loop-bound: use it on the loop thread (from another thread, call
 * {@code loop.callSoonThreadsafe(event::set)}).
 */
public final class LoopEvent {

    private final EventLoop loop;
    private final List<LoopFuture<Void>> waiters = new ArrayList<>();
    private boolean set;

    public LoopEvent(EventLoop loop) {
        this.loop = loop;
    }

    /** Sets the flag and completes every waiter. */
    public void set() {
        loop.checkThread("LoopEvent.set");
        if (set) {
            return;
        }
        set = true;
        for (LoopFuture<Void> waiter : List.copyOf(waiters)) {
            waiter.tryComplete(null);
        }
        waiters.clear();
    }

    /** Clears the flag; later {@link #waitSet()} calls wait again. */
    public void clear() {
        loop.checkThread("LoopEvent.clear");
        set = false;
    }

    public boolean isSet() {
        return set;
    }

    /** {@code await event.wait()}: completes when the flag is set (at once if it is). */
    public LoopFuture<Void> waitSet() {
        loop.checkThread("LoopEvent.waitSet");
        var waiter = new LoopFuture<Void>(loop);
        if (set) {
            waiter.tryComplete(null);
            return waiter;
        }
        waiters.add(waiter);
        waiter.onCancel(() -> waiters.remove(waiter));
        return waiter;
    }
}
