package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A handle on a task that was sent: Celery's {@code AsyncResult}. Cheap to create for any id
 * ({@link TaskQueue#result(String)}), also in another process than the one that sent the task.
 *
 * <p>{@link #state()} and {@link #progress()} ask the result backend each time; {@link #get} and
 * {@link #whenDone} wait for a terminal state (SUCCESS, FAILURE, REVOKED) without asking more than the
 * queue's watcher does. Thread-safe.
 */
public final class AsyncResult {

    private final TaskQueue queue;
    private final String id;
    private volatile CompletableFuture<ResultRecord> done;

    AsyncResult(TaskQueue queue, String id) {
        this.queue = queue;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The current state; PENDING when the backend knows nothing of the task (waiting, or never sent). */
    public TaskState state() {
        return record().state();
    }

    /** The last progress the task reported, or null. */
    public JsonNode progress() {
        return record().progress();
    }

    /** How many attempts the backend has seen start (0 before the first). */
    public int attempt() {
        return record().attempt();
    }

    /** The error of a failed, retrying or revoked task, or null. */
    public String error() {
        return record().error();
    }

    public boolean ready() {
        return state().terminal();
    }

    /** The future of the terminal record, asked of the queue's watcher once and kept. */
    private CompletableFuture<ResultRecord> done() {
        CompletableFuture<ResultRecord> f = done;
        if (f == null) {
            synchronized (this) {
                f = done;
                if (f == null) {
                    f = queue.watch(id);
                    done = f;
                }
            }
        }
        return f;
    }

    private ResultRecord record() {
        return queue.broker().result(id).map(ResultRecord::decode).orElseGet(() -> ResultRecord.pending(id));
    }

    /**
     * Waits for the task to finish and returns its result as JSON.
     *
     * @throws TaskFailedException if it ended in FAILURE or REVOKED
     * @throws TimeoutException    if it has not finished within {@code timeout}
     */
    public JsonNode get(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            ResultRecord r = done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return valueOf(r);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("task " + id + " did not finish within " + timeout + " (state " + state() + ")");
        }
    }

    /** {@link #get(Duration)} converted to {@code type}. */
    public <T> T get(Duration timeout, Class<T> type) throws TimeoutException, InterruptedException {
        return Json.MAPPER.convertValue(get(timeout), type);
    }

    private JsonNode valueOf(ResultRecord r) {
        if (r.state() == TaskState.SUCCESS) {
            return r.result() == null ? Json.NODES.nullNode() : r.result();
        }
        throw new TaskFailedException(id, r.state(), r.error());
    }

    /** A future completed with the result, or exceptionally with {@link TaskFailedException}. */
    public CompletableFuture<JsonNode> toCompletableFuture() {
        return done().thenApply(this::valueOf);
    }

    /** Calls {@code callback} once, on a queue thread, when the task reaches a terminal state. */
    public void whenDone(Consumer<AsyncResult> callback) {
        done().whenComplete((r, e) -> callback.accept(this));
    }

    @Override
    public String toString() {
        return "AsyncResult[" + id + "]";
    }
}
