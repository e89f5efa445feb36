package dev.conclab.process;

/**
 * A unit of work that a {@link ProcessPool} runs in a worker JVM. A lambda cannot cross a
 * process boundary, so a task is named by its class: the worker loads the class from its class
 * path (the parent's), creates it with its public no-argument constructor, and calls
 * {@link #call} with the decoded argument.
 *
 * <p><b>Arguments and results</b> cross the pipe in an explicit encoding, never by Java
 * serialization: {@code null}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Double},
 * {@link String}, {@code byte[]}, {@code int[]}, {@code long[]}, {@code double[]},
 * {@link SharedMemory.Handle}, and {@link java.util.List} and {@link java.util.Map} (string
 * keys) of those, nested to any depth. Anything else is rejected with an
 * {@link IllegalArgumentException} naming the type: at submission for an argument, as the
 * task's failure for a result.
 *
 * <p><b>Life cycle:</b> each worker creates one instance per task class, on first use, and
 * reuses it for every later call of that class in that worker, one call at a time. An instance
 * may therefore keep per-worker caches (a mapped file, a compiled pattern); it must not rely on
 * seeing every call, since calls are spread over workers.
 *
 * <p><b>Failure:</b> an exception thrown by {@code call} fails that call only; the caller sees
 * a {@link RemoteTaskException} carrying the remote class, message and stack trace.
 *
 * @param <A> the argument type, one of the encodable types
 * @param <R> the result type, one of the encodable types
 */
@FunctionalInterface
public interface ProcessTask<A, R> {

    /** Runs the task on {@code argument} in a worker and returns the result to send back. */
    R call(A argument) throws Exception;
}
