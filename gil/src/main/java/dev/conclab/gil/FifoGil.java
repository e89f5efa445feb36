package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;

import java.util.ArrayDeque;

/**
 * The same GIL with a fair hand-off: waiting threads line up in arrival order and a drop gives
 * the GIL directly to the first in line, which then holds it before it even wakes up. No thread
 * can take the GIL out of turn, so forced switching is not needed. Drop requests work as in
 * CPython: a waiter that sees no switch for one interval asks the holder to drop.
 *
 * <p>Invariant (under the mutex): when the GIL is free the line is empty.
 */
final class FifoGil extends GilLock {

    private final ArrayDeque<ThreadState> line = new ArrayDeque<>();

    FifoGil(long intervalNanos, GilListener listener) {
        super(intervalNanos, listener);
    }

    @Override
    void acquire(ThreadState t, long started, boolean contended) {
        if (!contended) {
            grant(t);
            return;
        }
        line.addLast(t);
        waiters++;
        try {
            while (holder != t) {
                waitOneInterval(t.turn, t, started);
            }
        } finally {
            waiters--;
            if (holder != t) {
                line.remove(t);
            }
        }
    }

    @Override
    void release(ThreadState t, DropReason reason) {
        lastHolder = t;
        ThreadState next = line.pollFirst();
        if (next == null) {
            holder = null;
            dropRequest = false;
        } else {
            grant(next);
            next.turn.signal();
        }
    }

    @Override
    void wakeAll() {
        line.forEach(t -> t.turn.signalAll());
    }
}
