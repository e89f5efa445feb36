package dev.conclab.lab.model;

/**
 * Thrown by {@link Model#run} when one or more tasks threw. The cause is the failure of the
 * lowest failing index; failures of other tasks are attached as suppressed exceptions.
 */
public final class TaskFailedException extends Exception {

    private final int index;

    public TaskFailedException(String model, int index, Throwable cause) {
        super("task " + index + " failed under " + model + ": " + cause, cause);
        this.index = index;
    }

    /** The index of the task whose failure is the cause. */
    public int index() {
        return index;
    }
}
