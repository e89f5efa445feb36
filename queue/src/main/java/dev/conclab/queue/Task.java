package dev.conclab.queue;

/**
 * The body of a named task: Celery's {@code @app.task} function. It reads its JSON arguments from the
 * context and returns a value that Jackson can write as JSON (or null).
 *
 * <pre>{@code
 * queue.register("add", ctx -> ctx.arg(0, int.class) + ctx.arg(1, int.class));
 * }</pre>
 *
 * <p>Throwing fails the attempt: the task is retried while its {@link TaskOptions#maxRetries()} allow,
 * else it fails. {@code throw ctx.retry(after)} asks for a retry at a time of the task's choosing.
 * A task may run more than once (delivery is at-least-once): make its effects idempotent.
 */
@FunctionalInterface
public interface Task {

    Object run(TaskContext ctx) throws Exception;
}
