package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;

/**
 * No GIL at all, like CPython 3.13t ("free-threaded"): taking and dropping do nothing, so every
 * thread runs whenever the operating system gives it a core. Checkpoints still stop daemon
 * threads when the runtime shuts down.
 */
final class NoGil extends GilLock {

    NoGil(long intervalNanos, GilListener listener) {
        super(intervalNanos, listener);
    }

    @Override
    void take(ThreadState t) {
        exitIfFinalizing(t);
    }

    @Override
    void acquire(ThreadState t, long started, boolean contended) {
        // Never called: take() above does not wait.
    }

    @Override
    void drop(ThreadState t, DropReason reason) {
        // Nothing is held.
    }

    @Override
    void release(ThreadState t, DropReason reason) {
        // Nothing is held.
    }

    @Override
    void wakeAll() {
        // Nobody waits.
    }
}
