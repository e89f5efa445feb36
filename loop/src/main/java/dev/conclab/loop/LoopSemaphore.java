package dev.conclab.loop;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A semaphore for tasks on one loop ({@code asyncio.Semaphore}): {@link #acquire()} returns a
 * future instead of blocking the thread, so waiting for a permit costs no thread and never
 * stalls the loop. Permits go to waiters in the order they asked (FIFO).
 *
 * <p>A permit granted to a waiter whose consumer was cancelled before it could use it is given
 * back (see {@link LoopFuture#onUnclaimed}). {@link #withPermit} is the safe way to use one:
 *
 * <pre>{@code
 * var limit = new LoopSemaphore(loop, 100);      // at most 100 requests in flight
 * var pages = urls.stream().map(url -> limit.withPermit(() -> client.get(url))).toList();
 * }</pre>
 *
 * <p>Loop-bound: use it on the loop thread. Not reentrant.
 */
public final class LoopSemaphore {

    private final EventLoop loop;
    private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
    private int permits;

    public LoopSemaphore(EventLoop loop, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        this.loop = loop;
        this.permits = permits;
    }

    /** A future that completes when a permit is taken; cancelling it while it waits gives up the place in line. */
    public LoopFuture<Void> acquire() {
        loop.checkThread("LoopSemaphore.acquire");
        var granted = new LoopFuture<Void>(loop);
        granted.onUnclaimed(v -> release());
        if (permits > 0 && waiters.isEmpty()) {
            permits--;
            granted.tryComplete(null);
            return granted;
        }
        waiters.add(granted);
        granted.onCancel(() -> waiters.remove(granted));
        return granted;
    }

    /** Takes a permit if one is free and nobody waits; never waits. */
    public boolean tryAcquire() {
        loop.checkThread("LoopSemaphore.tryAcquire");
        if (permits > 0 && waiters.isEmpty()) {
            permits--;
            return true;
        }
        return false;
    }

    /** Gives a permit back: to the first waiter, if any. */
    public void release() {
        loop.checkThread("LoopSemaphore.release");
        LoopFuture<Void> next;
        while ((next = waiters.poll()) != null) {
            if (next.tryComplete(null)) {
                return;
            }
        }
        permits++;
    }

    /**
     * Runs {@code body} holding a permit and releases it however the body ends, even when the
     * returned future is cancelled ({@code async with semaphore:}).
     */
    public <T> LoopFuture<T> withPermit(Supplier<? extends LoopFuture<T>> body) {
        LoopFuture<Void> permit = acquire();
        permit.onUnclaimed(null); // the finally action below gives the permit back in every case
        return permit.then(v -> LoopFuture.start(loop, body)).andFinally(() -> {
            if (permit.isSucceeded()) {
                release();
            }
        });
    }

    /** Permits free now. */
    public int available() {
        return permits;
    }

    /** Tasks waiting for a permit. */
    public int waiting() {
        return waiters.size();
    }
}
