package dev.conclab.queue;

/** {@link AsyncResult#get} of a task that ended in FAILURE or REVOKED; the message is the task's error, in one line. */
public final class TaskFailedException extends RuntimeException {

    private final String taskId;
    private final TaskState state;

    public TaskFailedException(String taskId, TaskState state, String error) {
        super("task " + taskId + " " + state + ": " + error);
        this.taskId = taskId;
        this.state = state;
    }

    public String taskId() {
        return taskId;
    }

    public TaskState state() {
        return state;
    }
}
