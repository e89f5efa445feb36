package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The global interpreter lock itself, after CPython's {@code Python/ceval_gil.c} (3.2 and later).
 * One subclass per hand-off policy, and one for "no GIL".
 *
 * <p>State that CPython keeps in {@code struct _gil_runtime_state} is guarded here by one
 * {@link ReentrantLock}, {@link #mutex}: CPython uses a second mutex for forced switching; one
 * mutex with two conditions gives the same orderings with less to get wrong. Fields that
 * checkpoints read without the mutex ({@link #dropRequest}, {@link #finalizing}, {@link #holder})
 * are volatile, like CPython's atomics.
 *
 * <p>Memory effects: dropping and taking the GIL unlock and lock {@link #mutex}, so everything a
 * thread did before it dropped the GIL happens-before everything the next holder does.
 */
abstract sealed class GilLock permits CPythonGil, FifoGil, NoGil {

    final ReentrantLock mutex = new ReentrantLock();
    private final GilListener listener;

    private volatile long intervalNanos;
    /** The thread that holds the GIL, or null when it is free (CPython's {@code locked} and holder). */
    volatile ThreadState holder;
    /** CPython's {@code gil_drop_request}: set by a waiter, read by the holder at every checkpoint. */
    volatile boolean dropRequest;
    /** The runtime is shutting down: daemon threads stop at their next contact with the GIL. */
    volatile boolean finalizing;

    // Guarded by mutex.
    ThreadState lastHolder;
    long switchNumber;
    int waiters;
    private long requestedAt;
    private long takes;
    private long contendedTakes;
    private long dropRequests;
    private long requestedDrops;
    private long blockingDrops;
    private long totalWaitNanos;
    private long maxWaitNanos;
    private long maxHonourNanos;

    GilLock(long intervalNanos, GilListener listener) {
        this.intervalNanos = intervalNanos;
        this.listener = listener;
    }

    static GilLock create(GilOptions options, GilListener listener) {
        long interval = options.switchInterval().toNanos();
        if (!options.hasGil()) {
            return new NoGil(interval, listener);
        }
        return switch (options.handOff()) {
            case CPYTHON -> new CPythonGil(interval, listener);
            case FIFO -> new FifoGil(interval, listener);
        };
    }

    long intervalNanos() {
        return intervalNanos;
    }

    void setIntervalNanos(long nanos) {
        intervalNanos = nanos;
    }

    /**
     * Takes the GIL for {@code t}, waiting as long as it takes; not interruptible (an interrupt
     * that arrives meanwhile is kept and restored once the GIL is held), like CPython's
     * {@code take_gil}.
     *
     * @throws InterpreterExitError if {@code t} is a daemon thread and the runtime shuts down
     */
    void take(ThreadState t) {
        mutex.lock();
        try {
            exitIfFinalizing(t);
            long started = System.nanoTime();
            boolean contended = holder != null;
            acquire(t, started, contended);
            tookGil(t, started, contended);
        } finally {
            mutex.unlock();
            restoreInterrupt(t);
        }
    }

    /**
     * Policy part of a take: runs under {@link #mutex} and returns once {@code t} is the
     * {@link #holder}, waiting in rounds of {@link #waitOneInterval} while the GIL is held.
     */
    abstract void acquire(ThreadState t, long started, boolean contended);

    /** Policy part of a drop: runs under {@link #mutex}, after {@link #holder} was checked to be {@code t}. */
    abstract void release(ThreadState t, DropReason reason);

    /** Wakes every thread waiting inside this lock, so that it sees {@link #finalizing}. */
    abstract void wakeAll();

    /** Lets go of the GIL, which {@code t} must hold (CPython's {@code drop_gil}). */
    void drop(ThreadState t, DropReason reason) {
        mutex.lock();
        try {
            if (holder != t) {
                throw new IllegalStateException("thread '" + t.name + "' drops a GIL it does not hold");
            }
            t.holds = false;
            long now = System.nanoTime();
            if (reason == DropReason.REQUESTED) {
                requestedDrops++;
                maxHonourNanos = Math.max(maxHonourNanos, now - requestedAt);
            } else if (reason == DropReason.BLOCKING) {
                blockingDrops++;
            }
            listener.dropped(t.thread, reason, now);
            release(t, reason);
        } finally {
            mutex.unlock();
        }
    }

    /**
     * The eval breaker, reached at every checkpoint of a thread under this lock: cheap (two
     * volatile reads) unless another thread asked for the GIL or the runtime shuts down.
     */
    final void checkpoint(ThreadState t) {
        if (dropRequest || finalizing) {
            slowCheckpoint(t);
        }
    }

    private void slowCheckpoint(ThreadState t) {
        if (finalizing && t.daemon) {
            if (t.holds) {
                drop(t, DropReason.EXIT);
            }
            throw new InterpreterExitError(t.name);
        }
        if (t.holds && dropRequest) {
            // Give another thread a chance, then queue up for the GIL again like any waiter.
            drop(t, DropReason.REQUESTED);
            take(t);
        }
    }

    /** Starts the shutdown: from now on daemon threads stop at their next contact with the GIL. */
    void finalizeRuntime() {
        mutex.lock();
        try {
            finalizing = true;
            wakeAll();
        } finally {
            mutex.unlock();
        }
    }

    // ---- helpers for the policies; all run under mutex ----

    /** Makes {@code t} the holder (CPython's {@code _ready:} block). */
    final void grant(ThreadState t) {
        holder = t;
        if (lastHolder != t) {
            lastHolder = t;
            switchNumber++;
        }
        // Whoever asked for the drop has been served (or another thread was): the request is spent.
        dropRequest = false;
    }

    /** {@code t} has waited a whole interval without a switch: ask the holder to drop the GIL. */
    final void requestDrop(ThreadState t, long waitStarted) {
        if (dropRequest) {
            return;
        }
        long now = System.nanoTime();
        dropRequest = true;
        dropRequests++;
        requestedAt = now;
        ThreadState h = holder;
        listener.dropRequested(t.thread, h == null ? null : h.thread, now - waitStarted, now);
    }

    /** Bookkeeping once {@code t} holds the GIL; also stops a daemon thread that got it during shutdown. */
    final void tookGil(ThreadState t, long waitStarted, boolean contended) {
        t.holds = true;
        long now = System.nanoTime();
        long waited = contended ? now - waitStarted : 0;
        takes++;
        if (contended) {
            contendedTakes++;
            totalWaitNanos += waited;
            maxWaitNanos = Math.max(maxWaitNanos, waited);
        }
        listener.taken(t.thread, waited, now);
        if (finalizing && t.daemon) {
            t.holds = false;
            listener.dropped(t.thread, DropReason.EXIT, now);
            release(t, DropReason.EXIT);
            throw new InterpreterExitError(t.name);
        }
    }

    /**
     * One round of {@code take_gil}'s loop: wait on {@code condition} for at most one switch
     * interval; if the interval ran out while the GIL stayed with the same holder, ask that
     * holder to drop it.
     */
    final void waitOneInterval(Condition condition, ThreadState t, long started) {
        long saved = switchNumber;
        boolean timedOut = awaitInterval(condition, t);
        if (holder == t) {
            return; // handed over while we waited
        }
        exitIfFinalizing(t);
        if (timedOut && holder != null && switchNumber == saved) {
            requestDrop(t, started);
        }
    }

    final void exitIfFinalizing(ThreadState t) {
        if (finalizing && t.daemon) {
            throw new InterpreterExitError(t.name);
        }
    }

    /** Waits on {@code condition} for at most the switch interval; true if the interval ran out. */
    private boolean awaitInterval(Condition condition, ThreadState t) {
        try {
            return condition.awaitNanos(intervalNanos) <= 0;
        } catch (InterruptedException e) {
            // take_gil cannot be interrupted: keep the interrupt for later and wait on.
            t.pendingInterrupt = true;
            return false;
        }
    }

    /** Gives the thread back an interrupt that arrived while it waited for the GIL. */
    private static void restoreInterrupt(ThreadState t) {
        if (t.pendingInterrupt) {
            t.pendingInterrupt = false;
            t.thread.interrupt();
        }
    }

    GilStats stats() {
        mutex.lock();
        try {
            return new GilStats(takes, contendedTakes, switchNumber, dropRequests, requestedDrops, blockingDrops,
                    totalWaitNanos, maxWaitNanos, maxHonourNanos);
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[interval " + TimeUnit.NANOSECONDS.toMicros(intervalNanos) + " µs]";
    }
}
