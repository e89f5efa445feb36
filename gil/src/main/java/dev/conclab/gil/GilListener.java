package dev.conclab.gil;

/**
 * Hears what the GIL does, as it happens: for tests that check the simulator's promises, and
 * for tools that draw who held the lock when.
 *
 * <p>Methods are called by the thread the event concerns, <em>while it holds the runtime's
 * internal lock</em>: they must return quickly and must not call back into the runtime.
 * Times are {@link System#nanoTime()} values. Every method does nothing by default.
 */
public interface GilListener {

    /** Hears nothing. */
    GilListener NONE = new GilListener() {
    };

    /** Why a thread let go of the GIL. */
    enum DropReason {
        /** Another thread asked for the lock and the holder reached a {@link GilRuntime#checkpoint()}. */
        REQUESTED,
        /** The holder entered a {@link GilRuntime#blocking blocking call}. */
        BLOCKING,
        /** The holder's body returned or threw. */
        EXIT
    }

    /**
     * {@code requester} has waited a whole switch interval without the lock changing hands and
     * asks {@code holder} to drop it (CPython's {@code SET_GIL_DROP_REQUEST}).
     *
     * @param waitedNanos how long the requester had been waiting when it asked
     */
    default void dropRequested(Thread requester, Thread holder, long waitedNanos, long atNanos) {
    }

    /** {@code thread} took the GIL after waiting {@code waitedNanos} (0 when it was free). */
    default void taken(Thread thread, long waitedNanos, long atNanos) {
    }

    /** {@code thread} let go of the GIL for {@code reason}. */
    default void dropped(Thread thread, DropReason reason, long atNanos) {
    }
}
