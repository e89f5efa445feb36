package dev.conclab.queue;

/**
 * Where a task is in its life, as its result backend records it (Celery's states).
 *
 * <pre>
 * PENDING ──► STARTED ──► SUCCESS
 *    │           │  └───► FAILURE
 *    │           └──────► RETRY ──► (PENDING again, at its new time)
 *    └──────────────────► REVOKED   (expired before it started)
 * </pre>
 *
 * <p>{@code PENDING} also means "unknown": a backend has no record of a task that is waiting,
 * exactly as Celery reports a task id it has never seen.
 */
public enum TaskState {
    PENDING, STARTED, RETRY, SUCCESS, FAILURE, REVOKED;

    /** Whether the task will not change state again. */
    public boolean terminal() {
        return this == SUCCESS || this == FAILURE || this == REVOKED;
    }
}
