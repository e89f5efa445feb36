package dev.conclab.gil;

import dev.conclab.gil.GilListener.DropReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated CPython interpreter for Java threads: its threads run on real platform threads
 * but must hold one global interpreter lock (the GIL) to run, and give it up the way CPython's
 * threads do. It exists to show, in Java, what the GIL does to threads: CPU-bound threads get no
 * speedup, threads that wait still overlap, and a CPU-bound thread delays every response of an
 * I/O-bound one (the convoy effect).
 *
 * <p>Java cannot preempt a thread from outside, and neither can CPython: its threads give up the
 * GIL only at points where the interpreter checks for requests (the "eval breaker", checked
 * between bytecodes) and around blocking calls. Code that runs under a runtime does the same by
 * calling:
 * <ul>
 *   <li>{@link #checkpoint()} often (every few microseconds of work), as the eval loop does. When
 *       another thread has waited a whole {@linkplain GilOptions#switchInterval() switch
 *       interval} for the GIL without getting it, the next checkpoint drops the GIL and waits
 *       to take it back.</li>
 *   <li>{@link #blocking} around anything that blocks (a sleep, a socket read, a join), as
 *       CPython's {@code Py_BEGIN_ALLOW_THREADS} does: the GIL is dropped for the call and taken
 *       back after it, so other threads run meanwhile.</li>
 * </ul>
 * Both are static and find the runtime of the calling thread, so a CPU kernel can call
 * {@code checkpoint()} whatever runs it: outside any runtime they cost a scoped-value lookup and
 * do nothing.
 *
 * <p>The lock follows CPython 3.2+ ({@code Python/ceval_gil.c}): a waiting thread sleeps one
 * switch interval (5 ms by default, {@code sys.setswitchinterval}), and if the GIL did not change
 * hands meanwhile it sets the drop request; the holder drops at its next checkpoint and, because
 * the drop was requested, waits until another thread has taken the GIL ("forced switching").
 * {@link GilOptions.HandOff#FIFO} hands the GIL on in arrival order instead, and
 * {@link GilOptions.Mode#FREE_THREADED} has no GIL at all (like CPython 3.13t), for comparison.
 *
 * <pre>{@code
 * try (var python = new GilRuntime(GilOptions.cpython())) {
 *     GilThread<Long> a = python.start("worker-1", () -> sumOfSquares(0, 50_000_000));
 *     GilThread<Long> b = python.start("worker-2", () -> sumOfSquares(1, 50_000_000));
 *     long total = a.join() + b.join();   // about as long as running both one after the other
 * }
 *
 * static long sumOfSquares(long from, long n) {
 *     long sum = 0;
 *     for (long i = 0; i < n; i++) {
 *         sum += (from + i) * (from + i);
 *         if ((i & 0x3FFF) == 0) {
 *             GilRuntime.checkpoint();      // the eval breaker: let a waiting thread in
 *         }
 *     }
 *     return sum;
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #start} and {@link #startDaemon} start platform threads that take
 * the GIL before running their body and drop it when the body ends ({@code threading.Thread}).
 * {@link #call} runs a body on the calling thread under the GIL instead (CPython's
 * {@code PyGILState_Ensure}), which is how a pool or a test harness brings its own threads.
 *
 * <p><b>Shutdown.</b> {@link #close()} waits, as a Python program does at exit, for every
 * non-daemon thread (started or calling in) to finish; then daemon threads are stopped the
 * next time they ask for the GIL or pass a checkpoint (they get an {@link InterpreterExitError}),
 * and sleeping ones are interrupted. A daemon thread stuck in a call that ignores interrupts is
 * left behind; its platform thread is a Java daemon thread and does not keep the JVM alive.
 *
 * <p><b>Thread safety and memory effects.</b> All methods are thread-safe. Actions of a thread
 * before it drops the GIL happen-before the actions of the thread that takes it next; the start
 * of a thread happens-before its body, and its body happens-before {@link GilThread#join()}
 * returns. Like CPython's GIL, it makes each stretch between two checkpoints atomic with respect
 * to other threads of the runtime, and nothing more: a read-modify-write that spans a checkpoint
 * can lose updates.
 */
public final class GilRuntime implements AutoCloseable {

    private static final ScopedValue<ThreadState> CURRENT = ScopedValue.newInstance();

    /** The calling thread's state, or null outside any runtime (two scoped-value lookups, both cached). */
    private static ThreadState currentState() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** How long {@link #close()} gives daemon threads to stop once they are told to. */
    private static final Duration DAEMON_GRACE = Duration.ofSeconds(2);

    private final GilOptions options;
    private final GilLock lock;
    private final Set<GilThread<?>> daemons = ConcurrentHashMap.newKeySet();

    // Life cycle, guarded by lifecycle.
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition idle = lifecycle.newCondition();
    private int activeNonDaemon;
    private boolean closing;
    private volatile boolean closed;

    /** A runtime with {@code options} and no listener. */
    public GilRuntime(GilOptions options) {
        this(options, GilListener.NONE);
    }

    /** A runtime with {@code options}, whose lock reports to {@code listener}. */
    public GilRuntime(GilOptions options, GilListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.lock = GilLock.create(options, Objects.requireNonNull(listener, "listener"));
    }

    /** The options with the current switch interval. */
    public GilOptions options() {
        return options.withSwitchInterval(switchInterval());
    }

    /** The current switch interval ({@code sys.getswitchinterval()}). */
    public Duration switchInterval() {
        return Duration.ofNanos(lock.intervalNanos());
    }

    /**
     * Changes the switch interval for waits that start from now on ({@code sys.setswitchinterval}).
     *
     * @throws IllegalArgumentException unless {@code 0 < interval <= 10 s}
     */
    public void setSwitchInterval(Duration interval) {
        lock.setIntervalNanos(GilOptions.checkSwitchInterval(interval).toNanos());
    }

    /**
     * Starts a non-daemon thread running {@code body} under the GIL ({@code threading.Thread(...).start()}).
     *
     * @throws IllegalStateException if the runtime has been closed
     */
    public <T> GilThread<T> start(String name, Callable<T> body) {
        return start(name, body, false);
    }

    /**
     * Starts a daemon thread running {@code body} under the GIL ({@code Thread(daemon=True)}):
     * {@link #close()} does not wait for it, and stops it.
     *
     * @throws IllegalStateException if the runtime has been closed
     */
    public <T> GilThread<T> startDaemon(String name, Callable<T> body) {
        return start(name, body, true);
    }

    private <T> GilThread<T> start(String name, Callable<T> body, boolean daemon) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (!daemon) {
            enter();
        } else if (closed) {
            throw closedError();
        }
        var builder = Thread.ofPlatform().name(name).daemon(daemon);
        var handle = new Holder<GilThread<T>>();
        Thread thread = builder.unstarted(() -> {
            var state = new ThreadState(this, lock, Thread.currentThread(), daemon);
            try {
                ScopedValue.where(CURRENT, state).run(() -> runBody(state, body, handle.value));
            } finally {
                if (daemon) {
                    daemons.remove(handle.value);
                } else {
                    leave();
                }
            }
        });
        handle.value = new GilThread<>(thread, daemon);
        if (daemon) {
            daemons.add(handle.value);
        }
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            // No thread (out of native threads, say): undo the bookkeeping so close() cannot hang.
            if (daemon) {
                daemons.remove(handle.value);
            } else {
                leave();
            }
            throw e;
        }
        return handle.value;
    }

    /** Lets the thread's lambda see its own handle, which exists only after the thread is made. */
    private static final class Holder<V> {
        volatile V value;
    }

    private <T> void runBody(ThreadState state, Callable<T> body, GilThread<T> handle) {
        try {
            lock.take(state);
            try {
                handle.succeeded(body.call());
            } catch (Throwable failure) {
                handle.failed(failure);
            } finally {
                if (state.holds) {
                    lock.drop(state, DropReason.EXIT);
                }
            }
        } catch (InterpreterExitError stopped) {
            handle.failed(stopped);
        }
    }

    /**
     * Runs {@code body} on the calling thread as a thread of this runtime: takes the GIL, runs
     * the body, and drops the GIL when it returns or throws. Inside, {@link #checkpoint()} and
     * {@link #blocking} act on this runtime. A nested call on the same runtime just runs the body.
     *
     * @return what the body returned
     * @throws Exception what the body threw
     * @throws IllegalStateException if the runtime has been closed, or the thread already runs
     *         under another runtime
     */
    public <T> T call(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        ThreadState current = currentState();
        if (current != null) {
            if (current.runtime == this) {
                return body.call();
            }
            throw new IllegalStateException("thread '" + current.name + "' already runs under another GilRuntime");
        }
        enter();
        try {
            var state = new ThreadState(this, lock, Thread.currentThread(), false);
            return ScopedValue.where(CURRENT, state).call(() -> {
                lock.take(state);
                try {
                    return body.call();
                } finally {
                    if (state.holds) {
                        lock.drop(state, DropReason.EXIT);
                    }
                }
            });
        } finally {
            leave();
        }
    }

    /**
     * The eval breaker: call it often from code that runs under a runtime (CPython checks it
     * between bytecodes). If another thread asked for the GIL, the caller drops it here, lets
     * the other thread run, and waits to take it back; otherwise it returns at once. Outside a
     * runtime, in a free-threaded runtime and inside a {@link #blocking} call it does nothing
     * (except to stop a daemon thread of a runtime that is shutting down).
     *
     * @throws InterpreterExitError if the caller is a daemon thread of a runtime that shuts down
     */
    public static void checkpoint() {
        ThreadState t = currentState();
        if (t != null) {
            t.lock.checkpoint(t);
        }
    }

    /**
     * Runs a call that may block with the GIL released, and takes the GIL back afterwards
     * ({@code Py_BEGIN_ALLOW_THREADS} ... {@code Py_END_ALLOW_THREADS}). Outside a runtime, in a
     * free-threaded one, or when the caller does not hold the GIL, it only runs the call.
     *
     * <pre>{@code
     * int n = GilRuntime.blocking(() -> in.read(buffer));   // throws IOException
     * }</pre>
     *
     * @return what the call returned
     * @throws X what the call threw (after the GIL was taken back)
     */
    public static <T, X extends Exception> T blocking(BlockingCall<T, X> call) throws X {
        ThreadState t = currentState();
        if (t == null || !t.holds) {
            return call.call();
        }
        t.lock.drop(t, DropReason.BLOCKING);
        try {
            return call.call();
        } finally {
            t.lock.take(t);
        }
    }

    /** {@code time.sleep}: sleeps with the GIL released. */
    public static void sleep(Duration duration) throws InterruptedException {
        blocking(() -> {
            Thread.sleep(duration);
            return null;
        });
    }

    /** The runtime the calling thread runs under, if any. */
    public static Optional<GilRuntime> current() {
        return Optional.ofNullable(currentState()).map(t -> t.runtime);
    }

    /** Whether the calling thread holds this runtime's GIL (never, for a free-threaded runtime). */
    public boolean isHeldByCurrentThread() {
        ThreadState t = currentState();
        return t != null && t.runtime == this && t.holds;
    }

    /** The thread that holds the GIL right now, if any: a snapshot, stale as soon as it returns. */
    public Optional<Thread> holder() {
        ThreadState h = lock.holder;
        return h == null ? Optional.empty() : Optional.of(h.thread);
    }

    /** What the GIL has done so far. */
    public GilStats stats() {
        return lock instanceof NoGil ? GilStats.NONE : lock.stats();
    }

    /**
     * Shuts the runtime down the way a Python program exits: waits until every non-daemon thread
     * has finished (started ones and callers inside {@link #call}), then stops the daemon threads
     * and waits a little for them. Closing twice does nothing more. An interrupt while waiting
     * does not stop the wait; it is kept for the caller.
     *
     * @throws IllegalStateException if called by a thread of this runtime, which would wait for itself
     */
    @Override
    public void close() {
        ThreadState me = currentState();
        if (me != null && me.runtime == this) {
            throw new IllegalStateException("close() called by thread '" + me.name
                    + "' of the same runtime, which would wait for itself; close it from outside");
        }
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closing = true;
            while (activeNonDaemon > 0) {
                idle.awaitUninterruptibly();
            }
            closed = true;
        } finally {
            lifecycle.unlock();
        }
        lock.finalizeRuntime();
        List<GilThread<?>> left = new ArrayList<>(daemons);
        left.forEach(d -> d.thread().interrupt());
        long deadline = System.nanoTime() + DAEMON_GRACE.toNanos();
        boolean interrupted = false;
        for (GilThread<?> d : left) {
            long remaining = deadline - System.nanoTime();
            while (remaining > 0 && d.isAlive()) {
                try {
                    d.thread().join(Duration.ofNanos(remaining));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                remaining = deadline - System.nanoTime();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} has finished waiting for the non-daemon threads. */
    public boolean isClosed() {
        return closed;
    }

    private void enter() {
        lifecycle.lock();
        try {
            if (closed) {
                throw closedError();
            }
            activeNonDaemon++;
        } finally {
            lifecycle.unlock();
        }
    }

    private void leave() {
        lifecycle.lock();
        try {
            if (--activeNonDaemon == 0 && closing) {
                idle.signalAll();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the GIL runtime (" + options.describe() + ") is closed");
    }

    @Override
    public String toString() {
        return "GilRuntime[" + options().describe() + (closed ? ", closed" : "") + "]";
    }
}
