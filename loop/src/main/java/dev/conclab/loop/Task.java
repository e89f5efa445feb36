package dev.conclab.loop;

import java.util.function.Supplier;

/**
 * A body of work started on the loop ({@code asyncio.Task}): {@link EventLoop#createTask} runs
 * the body on the next turn of the loop, and the task then ends as the future the body returned
 * ends. Cancelling the task before it starts means the body never runs; cancelling it later
 * cancels the future the body is waiting on (see {@link LoopFuture}).
 *
 * <p>Thread-safety as for {@link LoopFuture}.
 *
 * @param <T> the type of the result
 */
public final class Task<T> extends LoopFuture<T> {

    private final String name;

    Task(EventLoop loop, String name, Supplier<? extends LoopFuture<T>> body) {
        super(loop);
        this.name = name;
        loop.schedule(() -> {
            if (!isDone()) {
                follow(LoopFuture.start(loop, body));
            }
        });
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + ":" + super.toString();
    }
}
