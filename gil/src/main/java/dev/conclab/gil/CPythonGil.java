package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;

import java.util.concurrent.locks.Condition;

/**
 * CPython's GIL, as in {@code Python/ceval_gil.c} since 3.2 (Antoine Pitrou's "new GIL"),
 * built with {@code FORCE_SWITCHING} as CPython is:
 * <ul>
 *   <li><b>take:</b> while the GIL is held, wait on {@code cond} for one switch interval; if the
 *       interval ran out and the GIL did not change hands meanwhile, set the drop request.</li>
 *   <li><b>drop:</b> mark the GIL free and wake one waiter. If the drop was requested, wait until
 *       another thread has taken the GIL, so that the dropping thread cannot take it straight
 *       back (forced switching).</li>
 * </ul>
 * Whoever takes the free GIL first gets it: a woken waiter competes with any thread that comes
 * back from a blocking call at that moment.
 */
final class CPythonGil extends GilLock {

    /** Signalled when the GIL is dropped (CPython's {@code gil->cond}). */
    private final Condition cond = mutex.newCondition();
    /** Signalled when the GIL is taken (CPython's {@code gil->switch_cond}). */
    private final Condition switchCond = mutex.newCondition();

    CPythonGil(long intervalNanos, GilListener listener) {
        super(intervalNanos, listener);
    }

    @Override
    void acquire(ThreadState t, long started, boolean contended) {
        if (contended) {
            waiters++;
            try {
                while (holder != null) {
                    waitOneInterval(cond, t, started);
                }
            } finally {
                waiters--;
            }
        }
        grant(t);
        switchCond.signalAll();
    }

    @Override
    void release(ThreadState t, DropReason reason) {
        holder = null;
        lastHolder = t;
        cond.signal();
        // FORCE_SWITCHING: a thread asked for the GIL; make sure it (or another waiter) gets it
        // before this thread can take it again. A thread that ends has nothing to take back.
        if (reason != DropReason.EXIT && dropRequest && lastHolder == t) {
            dropRequest = false;
            while (lastHolder == t && waiters > 0 && !finalizing) {
                switchCond.awaitUninterruptibly();
            }
        }
    }

    @Override
    void wakeAll() {
        cond.signalAll();
        switchCond.signalAll();
    }
}
