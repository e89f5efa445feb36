package dev.conclab.loop;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The result of an operation on an {@link EventLoop}, available later ({@code asyncio.Future}).
 * This is how "coroutines" look without {@code async}/{@code await}: a function that would be
 * {@code async def f()} in Python returns a {@code LoopFuture}, and each {@code await} becomes a
 * {@link #then} (the next step runs when this one's value is there) or a {@link #map}:
 *
 * <pre>{@code
 * // async def size(url):                       LoopFuture<Integer> size(URI url) {
 * //     response = await client.get(url)           return client.get(url)
 * //     return len(response.body)                          .map(response -> response.body().length);
 *                                              }
 * }</pre>
 *
 * <p><b>Cancellation propagates to what is awaited.</b> A future made by {@link #then},
 * {@link #map}, {@link #recover} or {@link #andFinally} remembers the future it is waiting on;
 * {@link #cancel()} cancels that one first, and so on up the chain to the operation that is
 * really pending (a socket read, a connect, a timer), whose {@linkplain #onCancel cancel action}
 * releases the resource. This is {@code Task.cancel()} in asyncio, where the cancellation is
 * thrown into the coroutine at its current {@code await}. A future shared by several chains is
 * cancelled for all of them; wrap it with {@link Async#shield} to prevent that.
 *
 * <p><b>Failures are never lost silently.</b> A future that failed and whose failure nobody
 * retrieved (by {@link #result()}, {@link #exception()}, or a dependent future that took it over)
 * is reported to the loop's diagnostics as
 * {@link LoopDiagnostic.Kind#UNRETRIEVED_FAILURE} when it is garbage-collected, as asyncio logs
 * "Future exception was never retrieved".
 *
 * <p><b>Thread-safety.</b> A future belongs to its loop: complete it, cancel it, and add
 * callbacks on the loop's thread (or before the loop runs). {@link #isDone()} and, once done,
 * {@link #result()} may be read from any thread: completing a future happens-before a thread
 * that sees it done. To wait from another thread, use {@link #toCompletableFuture()}.
 *
 * <p>Callbacks added with {@link #whenDone} run on the loop thread, never inside the call that
 * completed the future (they are scheduled with {@link EventLoop#callSoon}), in the order they
 * were added.
 *
 * @param <T> the type of the value
 */
public class LoopFuture<T> {

    private enum State { PENDING, SUCCEEDED, FAILED, CANCELLED }

    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("conclab-loop-cleaner").factory());

    final EventLoop loop;
    private volatile State state = State.PENDING;
    private T value;
    private Throwable failure;
    private Object callbacks;
    private LoopFuture<?> awaiting;
    private Runnable cancelAction;
    private Consumer<? super T> unclaimedAction;
    private int dependents;
    private boolean claimed;
    private Unretrieved unretrieved;
    private final String createdAt;

    /** A pending future on {@code loop}; prefer {@link EventLoop#createFuture()}. */
    public LoopFuture(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.createdAt = loop.debug() ? loop.callSite() : null;
    }

    /** The loop this future belongs to. */
    public EventLoop loop() {
        return loop;
    }

    public boolean isDone() {
        return state != State.PENDING;
    }

    public boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /** Done with a value. */
    public boolean isSucceeded() {
        return state == State.SUCCEEDED;
    }

    /** Done with an exception (not cancelled). */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /**
     * The value. Retrieves the failure, if any, so it is not reported as unretrieved.
     *
     * @throws IllegalStateException if the future is not done yet ({@code InvalidStateError})
     * @throws CancellationException if it was cancelled
     * @throws CompletionException   wrapping a checked failure; an unchecked failure is thrown as it is
     */
    public T result() {
        State s = state;
        switch (s) {
            case PENDING -> throw new IllegalStateException("the future is not done yet: " + this);
            case CANCELLED -> throw new CancellationException("the future was cancelled");
            case FAILED -> {
                markClaimed();
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                throw new CompletionException(failure);
            }
            default -> {
                markClaimed();
                return value;
            }
        }
    }

    /**
     * The failure, or null if the future succeeded. Retrieves it (no unretrieved-failure report).
     *
     * @throws IllegalStateException if not done
     * @throws CancellationException if cancelled
     */
    public Throwable exception() {
        State s = state;
        if (s == State.PENDING) {
            throw new IllegalStateException("the future is not done yet: " + this);
        }
        if (s == State.CANCELLED) {
            throw new CancellationException("the future was cancelled");
        }
        markClaimed();
        return failure;
    }

    /**
     * Completes the future with {@code result} ({@code set_result}).
     *
     * @throws IllegalStateException if it is already done, or if called off the loop thread while the loop runs
     */
    public void complete(T result) {
        if (!tryComplete(result)) {
            throw new IllegalStateException("the future is already done: " + this);
        }
    }

    /** Fails the future with {@code failure} ({@code set_exception}). */
    public void fail(Throwable failure) {
        if (!tryFail(failure)) {
            throw new IllegalStateException("the future is already done: " + this);
        }
    }

    /** Completes the future if it is still pending; returns whether it did. */
    public boolean tryComplete(T result) {
        loop.checkThread("LoopFuture.complete");
        if (state != State.PENDING) {
            return false;
        }
        value = result;
        finish(State.SUCCEEDED);
        return true;
    }

    /** Fails the future if it is still pending; returns whether it did. */
    public boolean tryFail(Throwable cause) {
        Objects.requireNonNull(cause, "failure");
        loop.checkThread("LoopFuture.fail");
        if (state != State.PENDING) {
            return false;
        }
        if (cause instanceof CancellationException) {
            cancelNow();
            return true;
        }
        failure = cause;
        finish(State.FAILED);
        unretrieved = new Unretrieved(loop, cause, createdAt);
        CLEANER.register(this, unretrieved);
        return true;
    }

    /**
     * Cancels the future and what it waits for: the future it awaits is cancelled first, then
     * this future's {@linkplain #onCancel cancel action} runs, then it becomes cancelled and its
     * callbacks are scheduled. Returns false if it was already done.
     */
    public boolean cancel() {
        loop.checkThread("LoopFuture.cancel");
        if (state != State.PENDING) {
            return false;
        }
        LoopFuture<?> upstream = awaiting;
        awaiting = null;
        if (upstream != null) {
            upstream.cancel();
        }
        if (state != State.PENDING) {
            return false; // the upstream's cancellation completed this future on the way
        }
        cancelNow();
        return true;
    }

    private void cancelNow() {
        Runnable action = cancelAction;
        cancelAction = null;
        finish(State.CANCELLED);
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.CALLBACK_FAILED,
                        "a cancel action of " + this + " threw", e, List.of()));
            }
        }
    }

    /**
     * Runs {@code action} (on the loop thread, inside {@link #cancel()}) if this future is
     * cancelled while pending: how an operation releases what it holds, e.g. closes the socket
     * of a connect. Replaces an earlier action. Returns this future.
     */
    public LoopFuture<T> onCancel(Runnable action) {
        this.cancelAction = action;
        return this;
    }

    /**
     * Runs {@code action} with the value if this future succeeded but every dependent that
     * waited for it ({@link #then}, {@link #map}, gather ...) was cancelled before taking the
     * value, so nobody will ever see it. A producer that hands out items (a queue, a semaphore,
     * a connection pool) uses it to take the item back instead of losing it. Returns this future.
     */
    public LoopFuture<T> onUnclaimed(Consumer<? super T> action) {
        this.unclaimedAction = action;
        return this;
    }

    /**
     * Adds a callback run on the loop thread once the future is done (soon, if it already is).
     * The callback counts as a consumer of the value.
     */
    public LoopFuture<T> whenDone(Consumer<? super LoopFuture<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        addDependent(f -> {
            markClaimed();
            callback.accept(f);
        });
        return this;
    }

    /** The next step, when the value is there: Python's {@code x = await this; return await next(x)}. */
    public <U> LoopFuture<U> then(Function<? super T, ? extends LoopFuture<U>> next) {
        Objects.requireNonNull(next, "next");
        return dependent((f, out) -> {
            if (f.state != State.SUCCEEDED) {
                out.adoptFailure(f);
            } else {
                out.followStep(() -> next.apply(f.value));
            }
        });
    }

    /** The value transformed: Python's {@code return fn(await this)}. */
    public <U> LoopFuture<U> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return dependent((f, out) -> {
            if (f.state != State.SUCCEEDED) {
                out.adoptFailure(f);
            } else {
                out.completeWith(() -> fn.apply(f.value));
            }
        });
    }

    /**
     * Either outcome turned into a value: {@code fn(value, null)} on success, {@code fn(null, failure)}
     * on failure ({@code CompletableFuture.handle}). A cancellation is passed on, not handled.
     */
    public <U> LoopFuture<U> handle(java.util.function.BiFunction<? super T, Throwable, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return dependent((f, out) -> {
            if (f.state == State.CANCELLED) {
                out.adoptFailure(f);
            } else {
                out.completeWith(() -> f.state == State.SUCCEEDED ? fn.apply(f.value, null) : fn.apply(null, f.failure));
            }
        });
    }

    /** On failure (not cancellation), a value instead: {@code try: return await this; except E as e: return fn(e)}. */
    public LoopFuture<T> recover(Function<? super Throwable, ? extends T> fn) {
        return recoverWith(e -> loop.completed(fn.apply(e)));
    }

    /** On failure (not cancellation), another step instead. */
    public LoopFuture<T> recoverWith(Function<? super Throwable, ? extends LoopFuture<T>> fn) {
        Objects.requireNonNull(fn, "fn");
        return dependent((f, out) -> {
            if (f.state != State.FAILED) {
                out.adopt(f);
            } else {
                out.followStep(() -> fn.apply(f.failure));
            }
        });
    }

    /**
     * Runs {@code action} when this future is done, however it ended, even when the returned
     * future is cancelled ({@code try: await this; finally: action()}). The returned future ends
     * as this one did, unless the action throws.
     */
    public LoopFuture<T> andFinally(Runnable action) {
        Objects.requireNonNull(action, "action");
        var out = new LoopFuture<T>(loop);
        out.awaiting = this;
        addDependent(f -> {
            boolean wanted = f.takeFor(out);
            try {
                action.run();
            } catch (Throwable e) {
                if (!out.tryFail(e)) {
                    loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.CALLBACK_FAILED, "a finally action threw", e, List.of()));
                }
                return;
            }
            if (wanted) {
                out.adopt(f);
            }
        });
        return out;
    }

    /** Discards the value: for steps that only matter for their completion. */
    public LoopFuture<Void> ignoreResult() {
        return map(v -> null);
    }

    /**
     * A {@link CompletableFuture} that completes as this one does, for threads outside the loop.
     * May be called from any thread.
     */
    public CompletableFuture<T> toCompletableFuture() {
        var out = new CompletableFuture<T>();
        Runnable register = () -> whenDone(f -> {
            switch (f.state) {
                case SUCCEEDED -> out.complete(f.value);
                case FAILED -> out.completeExceptionally(f.failure);
                default -> out.cancel(false);
            }
        });
        if (loop.isRunning() && !loop.inLoopThread()) {
            loop.callSoonThreadsafe(register);
        } else {
            register.run();
        }
        return out;
    }

    /**
     * A new future that waits on this one (cancelling it cancels this one) and is given this one
     * to react to when it is done, unless it was cancelled meanwhile.
     */
    private <U> LoopFuture<U> dependent(java.util.function.BiConsumer<LoopFuture<T>, LoopFuture<U>> whenDone) {
        var out = new LoopFuture<U>(loop);
        out.awaiting = this;
        addDependent(f -> {
            if (f.takeFor(out)) {
                whenDone.accept(f, out);
            }
        });
        return out;
    }

    /** Follows the future {@code step} makes; a step that throws or returns null fails this future. */
    private void followStep(Supplier<? extends LoopFuture<T>> step) {
        LoopFuture<T> next;
        try {
            next = Objects.requireNonNull(step.get(), "a step returned null instead of a future");
        } catch (Throwable e) {
            tryFail(e);
            return;
        }
        follow(next);
    }

    /** Completes with the value {@code value} computes, or fails with what it throws. */
    private void completeWith(Supplier<? extends T> value) {
        try {
            tryComplete(value.get());
        } catch (Throwable e) {
            tryFail(e);
        }
    }

    /** Makes this future end as {@code step} ends, and cancel {@code step} when it is cancelled. */
    final void follow(LoopFuture<T> step) {
        follow(step, null);
    }

    /** As {@link #follow(LoopFuture)}, running {@code whenStepDone} first when the step ends. */
    final void follow(LoopFuture<T> step, Runnable whenStepDone) {
        awaiting = step;
        step.addDependent(s -> {
            if (whenStepDone != null) {
                whenStepDone.run();
            }
            if (s.takeFor(this)) {
                adopt(s);
            }
        });
    }

    /** Ends this future as {@code other} ended. */
    final void adopt(LoopFuture<? extends T> other) {
        awaiting = null;
        switch (other.state) {
            case SUCCEEDED -> tryComplete(other.value);
            case FAILED -> tryFail(other.failure);
            case CANCELLED -> {
                if (state == State.PENDING) {
                    cancelNow();
                }
            }
            default -> throw new IllegalStateException("adopting a pending future");
        }
    }

    private void adoptFailure(LoopFuture<?> other) {
        awaiting = null;
        if (other.state == State.FAILED) {
            tryFail(other.failure);
        } else if (state == State.PENDING) {
            cancelNow();
        }
    }

    /**
     * Called by a dependent's callback: true if {@code dependent} still wants the outcome (it is
     * then claimed), false if the dependent is already done (cancelled), which may leave the
     * value unclaimed.
     */
    final boolean takeFor(LoopFuture<?> dependent) {
        dependents--;
        if (!dependent.isDone()) {
            markClaimed();
            return true;
        }
        if (dependents == 0 && !claimed && state == State.SUCCEEDED && unclaimedAction != null) {
            Consumer<? super T> action = unclaimedAction;
            unclaimedAction = null;
            claimed = true;
            action.accept(value);
        }
        return false;
    }

    final void markClaimed() {
        claimed = true;
        Unretrieved u = unretrieved;
        if (u != null) {
            u.retrieved = true;
        }
    }

    final void addDependent(Consumer<LoopFuture<T>> callback) {
        loop.checkThread("LoopFuture callback");
        dependents++;
        if (state != State.PENDING) {
            loop.schedule(() -> callback.accept(this));
            return;
        }
        if (callbacks == null) {
            callbacks = callback;
        } else if (callbacks instanceof ArrayList<?> list) {
            @SuppressWarnings("unchecked")
            var typed = (ArrayList<Consumer<LoopFuture<T>>>) list;
            typed.add(callback);
        } else {
            var list = new ArrayList<Consumer<LoopFuture<T>>>(4);
            @SuppressWarnings("unchecked")
            var first = (Consumer<LoopFuture<T>>) callbacks;
            list.add(first);
            list.add(callback);
            callbacks = list;
        }
    }

    private void finish(State end) {
        awaiting = null;
        cancelAction = null;
        state = end;
        Object pending = callbacks;
        callbacks = null;
        if (pending instanceof ArrayList<?> list) {
            for (Object callback : list) {
                schedule(callback);
            }
        } else if (pending != null) {
            schedule(pending);
        }
        loop.futureDone(this);
    }

    @SuppressWarnings("unchecked")
    private void schedule(Object callback) {
        var typed = (Consumer<LoopFuture<T>>) callback;
        loop.schedule(() -> typed.accept(this));
    }

    /** The future this one currently waits on, if any (for tests and debugging). */
    LoopFuture<?> awaiting() {
        return awaiting;
    }

    @Override
    public String toString() {
        String where = createdAt == null ? "" : ", created at " + createdAt;
        return switch (state) {
            case PENDING -> getClass().getSimpleName() + "[pending" + where + "]";
            case SUCCEEDED -> getClass().getSimpleName() + "[result=" + value + where + "]";
            case FAILED -> getClass().getSimpleName() + "[failed: " + failure + where + "]";
            case CANCELLED -> getClass().getSimpleName() + "[cancelled" + where + "]";
        };
    }

    /** Reports a failure nobody retrieved when its future is collected. Must not refer to the future. */
    private static final class Unretrieved implements Runnable {
        private final EventLoop loop;
        private final Throwable failure;
        private final String createdAt;
        volatile boolean retrieved;

        Unretrieved(EventLoop loop, Throwable failure, String createdAt) {
            this.loop = loop;
            this.failure = failure;
            this.createdAt = createdAt;
        }

        @Override
        public void run() {
            if (!retrieved) {
                loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.UNRETRIEVED_FAILURE,
                        "a future failed and nobody retrieved the failure: " + failure
                                + (createdAt == null ? " (enable debug mode to see where it was created)" : "; created at " + createdAt),
                        failure, List.of(failure.getStackTrace())));
            }
        }
    }

    /** Creates a future from a body that may throw: the exception becomes the future's failure. */
    static <T> LoopFuture<T> start(EventLoop loop, Supplier<? extends LoopFuture<T>> body) {
        try {
            return Objects.requireNonNull(body.get(), "the body returned null instead of a future");
        } catch (Throwable e) {
            LoopFuture<T> failed = new LoopFuture<>(loop);
            failed.tryFail(e);
            return failed;
        }
    }
}
