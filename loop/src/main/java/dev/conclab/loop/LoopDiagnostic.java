package dev.conclab.loop;

import java.util.List;

/**
 * Something the loop noticed and reports to its diagnostics handler (asyncio's exception
 * handler and debug warnings in one place).
 *
 * @param kind      what happened
 * @param message   one line for people, naming the callback, the call or the failure
 * @param failure   the exception involved, or null
 * @param stack     where the loop thread was (a sample taken while a slow callback ran, or the
 *                  frames of a blocking call), innermost first; empty when not known
 */
public record LoopDiagnostic(Kind kind, String message, Throwable failure, List<StackTraceElement> stack) {

    /** What a diagnostic is about. */
    public enum Kind {
        /** A callback threw; the loop went on with the next one. */
        CALLBACK_FAILED,
        /** A future failed and nobody ever asked for its result or exception (reported when it is collected). */
        UNRETRIEVED_FAILURE,
        /** Debug mode: a callback ran longer than the slow-callback threshold. */
        SLOW_CALLBACK,
        /** Debug mode: the loop thread was seen blocked in a call (sleep, lock, socket, file, DNS) inside a callback. */
        BLOCKING_CALL,
        /** The loop could not accept or serve a connection (too many open files, ...); it went on. */
        IO_FAILURE
    }

    public LoopDiagnostic {
        stack = List.copyOf(stack);
    }

    @Override
    public String toString() {
        var text = new StringBuilder(kind.name()).append(": ").append(message);
        if (failure != null) {
            text.append(" (").append(failure).append(')');
        }
        for (StackTraceElement frame : stack.subList(0, Math.min(stack.size(), 12))) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }
}
