package dev.conclab.gil;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * A thread started by {@link GilRuntime#start} or {@link GilRuntime#startDaemon}: Python's
 * {@code threading.Thread}, running its body on a platform thread that must hold the runtime's
 * GIL to run.
 *
 * <p>Unlike Python's {@code join()}, {@link #join()} returns the body's result and rethrows its
 * failure (wrapped in an {@link ExecutionException}), so no failure is lost. Waiting in
 * {@code join} is a blocking call: a thread of the runtime that joins another lets go of the GIL
 * while it waits, as CPython's {@code join} does.
 *
 * <p>Thread-safe. Memory effects: everything the body did happens-before {@code join} returns.
 *
 * @param <T> what the body returns
 */
public final class GilThread<T> {

    private final Thread thread;
    private final boolean daemon;
    // Written by the thread before it ends; read after Thread.join, which orders the accesses.
    private T result;
    private Throwable failure;

    GilThread(Thread thread, boolean daemon) {
        this.thread = thread;
        this.daemon = daemon;
    }

    public String name() {
        return thread.getName();
    }

    public boolean isDaemon() {
        return daemon;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /** The platform thread underneath, for thread dumps and tools. */
    public Thread thread() {
        return thread;
    }

    /**
     * Waits for the thread to end and returns what its body returned.
     *
     * @throws ExecutionException if the body threw; the cause is what it threw (an
     *         {@link InterpreterExitError} for a daemon thread stopped at shutdown)
     * @throws InterruptedException if the waiting thread was interrupted
     */
    public T join() throws ExecutionException, InterruptedException {
        GilRuntime.blocking(() -> {
            thread.join();
            return null;
        });
        if (failure != null) {
            throw new ExecutionException("thread '" + name() + "' failed: " + failure, failure);
        }
        return result;
    }

    /**
     * Waits at most {@code timeout} for the thread to end, like Python's {@code join(timeout)}.
     *
     * @return true if it ended (then {@link #join()} returns at once)
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return GilRuntime.blocking(() -> thread.join(timeout));
    }

    void succeeded(T value) {
        result = value;
    }

    void failed(Throwable cause) {
        failure = cause;
    }

    @Override
    public String toString() {
        return "GilThread[" + name() + (daemon ? ", daemon" : "") + (isAlive() ? ", alive" : ", ended") + "]";
    }
}
