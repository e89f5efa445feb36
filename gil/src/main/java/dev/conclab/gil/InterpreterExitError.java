package dev.conclab.gil;

/**
 * Stops a daemon thread of a {@link GilRuntime} that is shutting down, the way CPython stops
 * its daemon threads at exit: the thread is ended the next time it asks for the GIL or passes a
 * checkpoint, wherever it was. It is an {@link Error}, not an exception, so that ordinary
 * {@code catch (Exception e)} blocks in the thread's code do not swallow it; code should
 * let it pass (a {@code finally} block still runs).
 */
public final class InterpreterExitError extends Error {

    InterpreterExitError(String thread) {
        super("the GIL runtime shut down; daemon thread '" + thread + "' stopped");
    }
}
