package dev.conclab.process;

import java.time.Duration;

/**
 * A task ran longer than the pool's per-task timeout. The pool killed the worker that ran it
 * (a thread in another JVM cannot be stopped any other way) and started a replacement; only
 * this task fails.
 */
public final class TaskTimedOutException extends Exception {

    private final long pid;

    TaskTimedOutException(long pid, Duration timeout, String task) {
        super(task + " ran longer than the timeout of " + timeout.toMillis() + " ms; worker process " + pid
                + " was killed and replaced");
        this.pid = pid;
    }

    /** The process id of the worker that was killed. */
    public long pid() {
        return pid;
    }
}
