package dev.conclab.gil;

import java.util.concurrent.locks.Condition;

/**
 * One thread's membership of a runtime (CPython's {@code PyThreadState}): bound to the thread
 * with a scoped value while it runs under the runtime.
 *
 * <p>{@link #holds} is read and written only by {@link #thread} itself (it takes and drops the
 * GIL for itself), so it needs no synchronisation. {@link #turn} and {@link #pendingInterrupt}
 * are used under the lock's mutex.
 */
final class ThreadState {

    final GilRuntime runtime;
    final GilLock lock;
    final Thread thread;
    final String name;
    final boolean daemon;
    /** Signalled when a FIFO hand-off gives this thread the GIL. */
    final Condition turn;

    boolean holds;
    /** An interrupt that arrived while the thread waited for the GIL, restored once it has it. */
    boolean pendingInterrupt;

    ThreadState(GilRuntime runtime, GilLock lock, Thread thread, boolean daemon) {
        this.runtime = runtime;
        this.lock = lock;
        this.thread = thread;
        this.name = thread.getName();
        this.daemon = daemon;
        this.turn = lock.mutex.newCondition();
    }
}
