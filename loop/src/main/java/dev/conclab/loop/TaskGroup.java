package dev.conclab.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A scope for tasks that end together ({@code asyncio.TaskGroup}, structured concurrency):
 * {@link #join()} completes when every task spawned in the group is done. When a task fails,
 * every other task of the group is cancelled and the group fails with that first failure, the
 * later failures attached as suppressed exceptions (Java's counterpart of an
 * {@code ExceptionGroup}). Cancelling the group's future cancels every task in it. No task
 * outlives its group.
 *
 * <pre>{@code
 * // async with asyncio.TaskGroup() as tg:        var group = TaskGroup.open(loop);
 * //     a = tg.create_task(fetch(x))              Task<Page> a = group.spawn(() -> fetch(x));
 * //     b = tg.create_task(fetch(y))              Task<Page> b = group.spawn(() -> fetch(y));
 * // use(a.result(), b.result())                   group.join().map(v -> use(a.result(), b.result()));
 * }</pre>
 *
 * <p>Loop-bound: use it on the loop thread.
 */
public final class TaskGroup {

    private final EventLoop loop;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final LoopFuture<Void> joined;
    private int running;
    private boolean joining;
    private Throwable failure;

    private TaskGroup(EventLoop loop) {
        this.loop = loop;
        this.joined = new LoopFuture<>(loop);
        joined.onCancel(this::cancelAll);
    }

    /** A new, empty group on {@code loop}. */
    public static TaskGroup open(EventLoop loop) {
        return new TaskGroup(Objects.requireNonNull(loop));
    }

    /**
     * Opens a group, lets {@code body} spawn tasks in it, and returns {@link #join()}. If the body
     * throws, the tasks it spawned are cancelled and the group fails with that exception.
     */
    public static LoopFuture<Void> run(EventLoop loop, Consumer<TaskGroup> body) {
        var group = open(loop);
        try {
            body.accept(group);
        } catch (RuntimeException | Error e) {
            group.failWith(e);
        }
        return group.join();
    }

    /** {@code tg.create_task(coro)}: starts {@code body} as a task of this group. */
    public <T> Task<T> spawn(Supplier<? extends LoopFuture<T>> body) {
        return spawn(null, body);
    }

    /**
     * {@code tg.create_task(coro, name=...)}.
     *
     * @throws IllegalStateException if the group is done, or shutting down after a failure
     */
    public <T> Task<T> spawn(String name, Supplier<? extends LoopFuture<T>> body) {
        if (joined.isDone()) {
            throw new IllegalStateException("the task group is done; spawn tasks before it finishes");
        }
        if (failure != null) {
            throw new IllegalStateException("the task group is shutting down after a failure: " + failure);
        }
        Task<T> task = loop.createTask(name, body);
        tasks.add(task);
        running++;
        task.addDependent(this::taskDone);
        return task;
    }

    /**
     * The group's future: completes when every task is done, fails with the first failure. After
     * it has completed, no more tasks can be spawned.
     */
    public LoopFuture<Void> join() {
        joining = true;
        finishIfDone();
        return joined;
    }

    /** Cancels every task of the group that is not done. */
    public void cancelAll() {
        for (Task<?> task : List.copyOf(tasks)) {
            task.cancel();
        }
    }

    /** The tasks spawned so far, in order. */
    public List<Task<?>> tasks() {
        return List.copyOf(tasks);
    }

    private void taskDone(LoopFuture<?> task) {
        running--;
        if (task.isFailed()) {
            failWith(task.exception());
        }
        finishIfDone();
    }

    private void failWith(Throwable e) {
        if (failure == null) {
            failure = e;
            cancelAll();
        } else if (failure != e) {
            failure.addSuppressed(e);
        }
    }

    private void finishIfDone() {
        if (!joining || running > 0 || joined.isDone()) {
            return;
        }
        if (failure != null) {
            joined.tryFail(failure);
        } else {
            joined.tryComplete(null);
        }
    }
}
