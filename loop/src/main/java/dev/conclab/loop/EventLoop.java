package dev.conclab.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An asyncio-style event loop: one thread, one {@link Selector}, a queue of ready callbacks and
 * a heap of timers. Everything that runs on the loop is a short callback; waiting (for a socket,
 * a timer, another future) costs no thread, so one loop keeps thousands of operations in flight.
 *
 * <p>Each turn of the loop ({@code _run_once} in asyncio): wait on the selector until the next
 * timer is due or an I/O event or a thread-safe call arrives; run the I/O callbacks; move due
 * timers to the ready queue; run every callback that was ready at the start of the turn
 * (callbacks they schedule wait for the next turn, so one busy chain cannot starve the rest).
 *
 * <pre>{@code
 * try (var loop = EventLoop.create()) {
 *     String body = loop.runMain(() -> {
 *         var client = new LoopHttpClient(loop);
 *         return client.get(URI.create("http://127.0.0.1:8080/"))
 *                 .map(response -> new String(response.body(), UTF_8))
 *                 .andFinally(client::close);
 *     });
 * }
 * }</pre>
 *
 * <p><b>Thread-safety.</b> The loop is single-threaded: {@link #callSoon}, {@link #callLater},
 * futures and streams must be used on the loop's thread while it runs (or by the one thread that
 * sets things up before it runs). Calling them from another thread while the loop runs throws
 * {@link IllegalStateException} naming {@link #callSoonThreadsafe}, which, like {@link #stop()},
 * {@link #submit} and {@link #execute}, may be called from any thread: actions of a thread before
 * {@code callSoonThreadsafe} happen-before the callback runs.
 *
 * <p><b>Debug mode</b> ({@link Builder#debug}, or {@code CONCLAB_LOOP_DEBUG=1}, like
 * {@code PYTHONASYNCIODEBUG=1}) records where each callback and future was created, reports
 * callbacks slower than the threshold (100 ms) with a sample of the loop thread's stack, and
 * names blocking calls made on the loop thread ({@code Thread.sleep}, a lock, a socket read,
 * a DNS lookup) as they happen. Reports go to the {@linkplain Builder#diagnostics diagnostics
 * handler}.
 */
public final class EventLoop implements Executor, AutoCloseable {

    /** asyncio's {@code slow_callback_duration}. */
    public static final Duration DEFAULT_SLOW_CALLBACK = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final AtomicInteger LOOPS = new AtomicInteger();
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final boolean debug;
    private final long slowNanos;
    private volatile Consumer<LoopDiagnostic> diagnostics;
    private final Selector selector;
    private final ArrayDeque<Handle> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Handle> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private final AtomicInteger cancelledTimers = new AtomicInteger();
    private final LinkedHashSet<Task<?>> tasks = new LinkedHashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private long timerSequence;
    private long taskNumber;
    private volatile Thread thread;
    private volatile java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(0);
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile ExecutorService defaultExecutor;

    // Debug mode: what the loop thread is running, for the watchdog thread.
    private volatile long callbackStarted;
    private volatile long callbackSequence;
    private volatile Watchdog.Sample lastSample;
    private Watchdog watchdog;

    private EventLoop(Builder builder) {
        this.name = builder.name != null ? builder.name : "loop-" + LOOPS.incrementAndGet();
        this.debug = builder.debug;
        this.slowNanos = builder.slowCallback.toNanos();
        this.diagnostics = builder.diagnostics;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** A loop with the default settings (debug mode if {@code CONCLAB_LOOP_DEBUG=1}). */
    public static EventLoop create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code asyncio.run(main())}: a new loop runs {@code main} to completion, then every task
     * still pending is cancelled and given the chance to finish, and the loop is closed.
     *
     * @return the value of main's future
     * @throws java.util.concurrent.CompletionException wrapping a checked failure of main; an unchecked one is thrown as is
     */
    public static <T> T run(Function<EventLoop, LoopFuture<T>> main) {
        try (var loop = create()) {
            return loop.runMain(() -> main.apply(loop));
        }
    }

    /** Settings of a new loop. */
    public static final class Builder {
        private String name;
        private boolean debug = "1".equals(System.getenv("CONCLAB_LOOP_DEBUG"));
        private Duration slowCallback = DEFAULT_SLOW_CALLBACK;
        private Consumer<LoopDiagnostic> diagnostics = EventLoop::log;

        private Builder() {
        }

        /** The name of the loop, also given to the thread that runs it by {@link #startThread}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /** In debug mode, callbacks longer than this are reported (default 100 ms). */
        public Builder slowCallback(Duration threshold) {
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("the slow-callback threshold must be positive, got " + threshold);
            }
            this.slowCallback = threshold;
            return this;
        }

        /**
         * Where diagnostics go (default: {@link System.Logger} {@code dev.conclab.loop.EventLoop}, level WARNING).
         * The handler is called on the loop thread, on the debug watchdog thread (a blocking call
         * is reported while the loop is stuck in it) or on the cleaner thread (unretrieved
         * failures); it must be thread-safe and quick.
         */
        public Builder diagnostics(Consumer<LoopDiagnostic> handler) {
            this.diagnostics = Objects.requireNonNull(handler);
            return this;
        }

        public EventLoop build() {
            return new EventLoop(this);
        }
    }

    /** Reacts to readiness of a channel registered with {@link #register}. */
    @FunctionalInterface
    public interface IoHandler {
        /** Called on the loop thread with the key whose ready operations are set. */
        void ready(SelectionKey key) throws IOException;
    }

    // ---------------------------------------------------------------- scheduling

    /** {@code call_soon}: runs {@code callback} on a later turn of the loop, after those scheduled before it. */
    public Handle callSoon(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkThread("callSoon");
        var handle = new Handle(callback, debug ? callSite() : null);
        ready.add(handle);
        return handle;
    }

    /** {@code call_later}: runs {@code callback} once {@code delay} has passed (never earlier). */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long nanos = Math.max(0, delay.toNanos());
        return callAt(time() + nanos, callback);
    }

    /** {@code call_at}: runs {@code callback} at {@code when} on the loop's clock ({@link #time()}). */
    public TimerHandle callAt(long when, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkThread("callAt");
        var timer = new TimerHandle(callback, debug ? callSite() : null, when, timerSequence++, this);
        timers.add(timer);
        return timer;
    }

    /**
     * {@code call_soon_threadsafe}: from any thread, runs {@code callback} on the loop thread on
     * a coming turn, and wakes the loop if it is waiting.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (closed) {
            throw new IllegalStateException("the loop " + name + " is closed");
        }
        var handle = new Handle(callback, debug ? callSite() : null);
        incoming.add(handle);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return handle;
    }

    /** {@link Executor}: the same as {@link #callSoonThreadsafe}, so {@code thenAcceptAsync(fn, loop)} runs fn on the loop. */
    @Override
    public void execute(Runnable command) {
        callSoonThreadsafe(command);
    }

    /** The loop's clock ({@code loop.time()}), in nanoseconds: {@link System#nanoTime()}. */
    public long time() {
        return System.nanoTime();
    }

    // ---------------------------------------------------------------- futures and tasks

    public <T> LoopFuture<T> createFuture() {
        return new LoopFuture<>(this);
    }

    /** A future that already has {@code value}. */
    public <T> LoopFuture<T> completed(T value) {
        var f = new LoopFuture<T>(this);
        f.tryComplete(value);
        return f;
    }

    /** A future that already failed with {@code failure}. */
    public <T> LoopFuture<T> failed(Throwable failure) {
        var f = new LoopFuture<T>(this);
        f.tryFail(failure);
        return f;
    }

    /** {@code create_task}: starts {@code body} on the next turn of the loop, as a task named Task-N. */
    public <T> Task<T> createTask(Supplier<? extends LoopFuture<T>> body) {
        return createTask(null, body);
    }

    /** {@code create_task(coro, name=...)}. */
    public <T> Task<T> createTask(String name, Supplier<? extends LoopFuture<T>> body) {
        checkThread("createTask");
        var task = new Task<T>(this, name != null ? name : "Task-" + (++taskNumber), body);
        tasks.add(task);
        return task;
    }

    /** {@code asyncio.all_tasks()}: the tasks of this loop that are not done, in creation order. */
    public List<Task<?>> allTasks() {
        checkThread("allTasks");
        return List.copyOf(tasks);
    }

    /** {@code asyncio.sleep(delay)}: a future completed after {@code delay}; cancelling it cancels the timer. */
    public LoopFuture<Void> sleep(Duration delay) {
        var f = new LoopFuture<Void>(this);
        TimerHandle timer = callLater(delay, () -> f.tryComplete(null));
        f.onCancel(timer::cancel);
        return f;
    }

    /**
     * {@code loop.run_in_executor(None, fn)} / {@code asyncio.to_thread}: runs blocking
     * {@code work} on a virtual thread, off the loop, and completes the future on the loop.
     * Cancelling the future interrupts the work.
     */
    public <T> LoopFuture<T> runInExecutor(Callable<T> work) {
        return runInExecutor(defaultExecutor(), work);
    }

    /** Runs blocking {@code work} on {@code executor}; cancelling the future interrupts the work if it runs. */
    public <T> LoopFuture<T> runInExecutor(ExecutorService executor, Callable<T> work) {
        var f = new LoopFuture<T>(this);
        Future<?> running = executor.submit(() -> {
            try {
                T result = work.call();
                callSoonThreadsafe(() -> f.tryComplete(result));
            } catch (Throwable e) {
                callSoonThreadsafe(() -> f.tryFail(e));
            }
        });
        f.onCancel(() -> running.cancel(true));
        return f;
    }

    /**
     * {@code asyncio.run_coroutine_threadsafe}: from any thread, starts {@code body} as a task
     * on this (running) loop and returns a {@link CompletableFuture} for its outcome; cancelling
     * that cancels the task.
     */
    public <T> CompletableFuture<T> submit(Supplier<? extends LoopFuture<T>> body) {
        var out = new CompletableFuture<T>();
        callSoonThreadsafe(() -> {
            Task<T> task = createTask(body);
            task.whenDone(f -> {
                if (f.isSucceeded()) {
                    out.complete(f.result());
                } else if (f.isFailed()) {
                    out.completeExceptionally(f.exception());
                } else {
                    out.cancel(false);
                }
            });
            out.whenComplete((v, e) -> {
                if (out.isCancelled()) {
                    callSoonThreadsafe(task::cancel);
                }
            });
        });
        return out;
    }

    private ExecutorService defaultExecutor() {
        ExecutorService executor = defaultExecutor;
        if (executor == null) {
            synchronized (this) {
                executor = defaultExecutor;
                if (executor == null) {
                    executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-executor-", 0).factory());
                    defaultExecutor = executor;
                }
            }
        }
        return executor;
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the loop until {@code future} is done and returns its value ({@code run_until_complete}).
     *
     * @throws IllegalStateException if the loop was stopped before the future was done
     * @throws java.util.concurrent.CancellationException if the future was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked failure; unchecked failures are thrown as they are
     */
    public <T> T runUntilComplete(LoopFuture<T> future) {
        if (future.loop() != this) {
            throw new IllegalArgumentException("the future belongs to another loop");
        }
        future.whenDone(f -> stop());
        runForever();
        if (!future.isDone()) {
            throw new IllegalStateException("the loop " + name + " stopped before the future completed");
        }
        return future.result();
    }

    /**
     * {@code asyncio.run} on this loop: runs {@code main} as a task until it is done, then
     * cancels every other task still pending and runs the loop until they have finished.
     */
    public <T> T runMain(Supplier<? extends LoopFuture<T>> main) {
        Task<T> task = createTask("main", main);
        try {
            return runUntilComplete(task);
        } finally {
            cancelRemainingTasks();
        }
    }

    private void cancelRemainingTasks() {
        var pending = List.copyOf(tasks);
        if (pending.isEmpty()) {
            return;
        }
        pending.forEach(Task::cancel);
        var all = Async.gatherReturnExceptions(pending.stream().map(t -> (LoopFuture<?>) t).toList());
        runUntilComplete(all);
    }

    /** {@code run_forever}: runs turns of the loop on the calling thread until {@link #stop()}. */
    public void runForever() {
        if (closed) {
            throw new IllegalStateException("the loop " + name + " is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("the loop " + name + " is already running on " + thread.getName());
        }
        finished = new java.util.concurrent.CountDownLatch(1);
        thread = Thread.currentThread();
        if (debug) {
            watchdog = Watchdog.start(this, thread, slowNanos);
        }
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the selector of loop " + name + " failed", e);
        } finally {
            stopping = false;
            if (watchdog != null) {
                watchdog.stop();
                watchdog = null;
            }
            thread = null;
            finished.countDown();
        }
    }

    /**
     * Starts a platform thread named after the loop that runs it until {@link #stop()}: for a
     * loop that serves in the background (a server). Returns the thread.
     */
    public Thread startThread() {
        var started = new CompletableFuture<Void>();
        callSoon(() -> started.complete(null));
        Thread runner = Thread.ofPlatform().name(name).daemon(true).start(this::runForever);
        started.join();
        return runner;
    }

    /**
     * Asks the loop to stop after the current turn ({@code loop.stop()}); callbacks already
     * ready still run. May be called from any thread. If the loop is not running, the next
     * {@link #runForever} runs one turn and returns.
     */
    public void stop() {
        stopping = true;
        if (thread != null && !inLoopThread() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    public boolean isRunning() {
        return thread != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether the calling thread is the one running this loop. */
    public boolean inLoopThread() {
        return thread == Thread.currentThread();
    }

    public boolean debug() {
        return debug;
    }

    public String name() {
        return name;
    }

    /**
     * Closes the loop: the selector, every channel still registered with it, and the default
     * executor. Pending callbacks are dropped. Called from another thread while the loop runs
     * (a loop started with {@link #startThread}), it stops the loop and waits up to 10 s for it.
     *
     * @throws IllegalStateException if called on the loop's own thread while it runs, or if the loop does not stop
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (thread != null) {
            if (inLoopThread()) {
                throw new IllegalStateException("cannot close the loop " + name + " from its own callback; stop it, then close it");
            }
            stop();
            try {
                if (!finished.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the loop " + name + " did not stop within 10 s; a callback may be blocked");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the loop " + name + " to stop", e);
            }
        }
        closed = true;
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // Closing anyway; nothing to do with a channel that fails to close.
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        ExecutorService executor = defaultExecutor;
        if (executor != null) {
            executor.shutdownNow();
        }
        ready.clear();
        incoming.clear();
        timers.clear();
    }

    private void runOnce() throws IOException {
        if (cancelledTimers.get() > 64 && cancelledTimers.get() > timers.size() / 2) {
            timers.removeIf(Handle::isCancelled);
            cancelledTimers.set(0);
        }
        while (!timers.isEmpty() && timers.peek().isCancelled()) {
            timers.poll();
            cancelledTimers.decrementAndGet();
        }
        long timeoutNanos;
        if (!ready.isEmpty() || stopping || !incoming.isEmpty()) {
            timeoutNanos = 0;
        } else if (!timers.isEmpty()) {
            timeoutNanos = Math.max(0, timers.peek().when() - time());
        } else {
            timeoutNanos = -1;
        }
        if (timeoutNanos == 0) {
            selector.selectNow(this::dispatch);
        } else {
            // Round up: waking before the deadline would only spin once more.
            long millis = timeoutNanos < 0 ? 0 : Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
            selector.select(this::dispatch, millis);
        }
        wakeupPending.set(false);

        long now = time();
        while (!timers.isEmpty() && timers.peek().when() - now <= 0) {
            TimerHandle timer = timers.poll();
            if (timer.isCancelled()) {
                cancelledTimers.decrementAndGet();
            } else {
                ready.add(timer);
            }
        }
        Handle handle;
        while ((handle = incoming.poll()) != null) {
            ready.add(handle);
        }
        for (int n = ready.size(); n > 0; n--) {
            handle = ready.poll();
            if (!handle.isCancelled()) {
                runCallback(handle.callback(), handle);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        var handler = (IoHandler) key.attachment();
        runCallback(() -> {
            try {
                handler.ready(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, handler);
    }

    private void runCallback(Runnable callback, Object what) {
        if (!debug) {
            try {
                callback.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                callbackFailed(what, e);
            }
            return;
        }
        long started = System.nanoTime();
        callbackSequence++;
        callbackStarted = started;
        try {
            callback.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            callbackFailed(what, e);
        } finally {
            long took = System.nanoTime() - started;
            callbackStarted = 0;
            if (took >= slowNanos) {
                slowCallback(what, took);
            }
        }
    }

    private void callbackFailed(Object what, Throwable e) {
        report(new LoopDiagnostic(LoopDiagnostic.Kind.CALLBACK_FAILED, "exception in callback " + describe(what), e,
                List.of(e.getStackTrace())));
    }

    private void slowCallback(Object what, long took) {
        Watchdog.Sample sample = lastSample;
        List<StackTraceElement> stack = sample != null && sample.sequence() == callbackSequence ? sample.stack() : List.of();
        String busy = stack.isEmpty() ? "" : "; it was seen in " + Watchdog.firstUserFrame(stack);
        report(new LoopDiagnostic(LoopDiagnostic.Kind.SLOW_CALLBACK, "executing %s took %.0f ms (slow-callback threshold %.0f ms)%s"
                .formatted(describe(what), took / 1e6, slowNanos / 1e6, busy), null, stack));
    }

    private static String describe(Object what) {
        return what instanceof Handle h ? h.describe() : "I/O handler " + what;
    }

    // ---------------------------------------------------------------- for the package and for the watchdog

    /**
     * Registers {@code channel} (non-blocking) with the loop's selector for {@code ops}; the
     * handler runs on the loop thread when it is ready. For transports built on the loop.
     */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        checkThread("register");
        if (closed) {
            throw new IllegalStateException("the loop " + name + " is closed");
        }
        return channel.register(selector, ops, handler);
    }

    /** A 64 KiB direct buffer that the loop thread's transports read into; contents are valid until the next read. */
    public ByteBuffer readBuffer() {
        checkThread("readBuffer");
        return readBuffer.clear();
    }

    /** Hands {@code diagnostic} to the diagnostics handler; never throws. May be called from any thread. */
    public void report(LoopDiagnostic diagnostic) {
        try {
            diagnostics.accept(diagnostic);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the diagnostics handler of " + name + " threw on " + diagnostic, e);
        }
    }

    /** Replaces the diagnostics handler ({@code set_exception_handler}); any thread. */
    public void setDiagnostics(Consumer<LoopDiagnostic> handler) {
        this.diagnostics = Objects.requireNonNull(handler);
    }

    void checkThread(String what) {
        Thread running = thread;
        if (running != null && running != Thread.currentThread()) {
            throw new IllegalStateException(what + " was called from thread " + Thread.currentThread().getName()
                    + " while loop " + name + " runs on " + running.getName()
                    + "; loop objects are not thread-safe: use callSoonThreadsafe, submit or execute");
        }
    }

    /** Schedules an internal callback (no thread check: callers already checked). */
    void schedule(Runnable callback) {
        ready.add(new Handle(callback, null));
    }

    void timerCancelled() {
        cancelledTimers.incrementAndGet();
    }

    void futureDone(LoopFuture<?> future) {
        if (future instanceof Task<?> task) {
            tasks.remove(task);
        }
    }

    long callbackStarted() {
        return callbackStarted;
    }

    long callbackSequence() {
        return callbackSequence;
    }

    void sampled(Watchdog.Sample sample) {
        lastSample = sample;
    }

    /** Where the caller is, outside this package: "Caller.method(File.java:12) < ..." (debug mode). */
    String callSite() {
        return StackWalker.getInstance().walk(frames -> String.join(" < ", frames
                .filter(f -> !f.getClassName().startsWith(EventLoop.class.getPackageName() + ".")
                        || f.getClassName().contains("Test"))
                .limit(3)
                .map(f -> simple(f.getClassName()) + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .toList()));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void log(LoopDiagnostic diagnostic) {
        LOG.log(System.Logger.Level.WARNING, diagnostic.toString());
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (isRunning() ? ", running" : closed ? ", closed" : "") + (debug ? ", debug" : "") + "]";
    }
}
