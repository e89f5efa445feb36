package dev.conclab.process;

import java.util.List;
import java.util.Map;

/**
 * A task threw in a worker process. The exception's class cannot be rebuilt in the parent (it
 * would mean deserializing a class named by the peer), so this exception carries its class name,
 * message and stack trace as data: {@link #getStackTrace()} is the worker's stack, and the
 * remote cause, if any, is this exception's cause as another {@code RemoteTaskException}.
 */
public final class RemoteTaskException extends Exception {

    private final String remoteClass;
    private final String remoteMessage;
    private final long pid;

    RemoteTaskException(String remoteClass, String remoteMessage, long pid, StackTraceElement[] stack, RemoteTaskException cause) {
        super(remoteClass + (remoteMessage == null ? "" : ": " + remoteMessage) + " (in worker process " + pid + ")", cause);
        this.remoteClass = remoteClass;
        this.remoteMessage = remoteMessage;
        this.pid = pid;
        setStackTrace(stack);
    }

    /** Rebuilds the exception from the wire's error map. */
    @SuppressWarnings("unchecked")
    static RemoteTaskException of(Object error, long pid) {
        if (!(error instanceof Map<?, ?> map)) {
            return new RemoteTaskException("unknown", String.valueOf(error), pid, new StackTraceElement[0], null);
        }
        var frames = (List<Object>) map.get("stack");
        var stack = new StackTraceElement[frames == null ? 0 : frames.size()];
        for (int i = 0; i < stack.length; i++) {
            String[] p = String.valueOf(frames.get(i)).split("\\|", -1);
            int line = p.length > 3 ? parseInt(p[3]) : -1;
            stack[i] = new StackTraceElement(p[0], p.length > 1 ? p[1] : "?", p.length > 2 && !p[2].isEmpty() ? p[2] : null, line);
        }
        Object cause = map.get("cause");
        return new RemoteTaskException(String.valueOf(map.get("class")), (String) map.get("message"), pid, stack,
                cause == null ? null : of(cause, pid));
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The fully qualified name of the exception's class in the worker, e.g. {@code java.lang.ArithmeticException}. */
    public String remoteClass() {
        return remoteClass;
    }

    /** The exception's message in the worker, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The process id of the worker that ran the task. */
    public long pid() {
        return pid;
    }
}
