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
    void take(ThreadState t) {
        mutex.lock();
        try {
            exitIfFinalizing(t);
            long started = System.nanoTime();
            boolean contended = holder != null;
            if (!contended) {
                grant(t);
            } else {
                line.addLast(t);
                waiters++;
                try {
                    while (holder != t) {
                        long saved = switchNumber;
                        boolean timedOut = awaitInterval(t.turn, t);
                        if (holder == t) {
                            break;
                        }
                        exitIfFinalizing(t);
                        if (timedOut && holder != null && switchNumber == saved) {
                            requestDrop(t, started);
                        }
                    }
                } finally {
                    waiters--;
                    if (holder != t) {
                        line.remove(t);
                    }
                }
            }
            tookGil(t, started, contended);
        } finally {
            mutex.unlock();
            restoreInterrupt(t);
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
