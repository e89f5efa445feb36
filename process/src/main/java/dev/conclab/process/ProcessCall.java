package dev.conclab.process;

import java.util.concurrent.Callable;

/**
 * A task class and its argument: the form in which a {@link ProcessPool}, as an
 * {@link java.util.concurrent.ExecutorService}, accepts work through {@code submit},
 * {@code invokeAll} and {@code invokeAny}. Create with {@link ProcessPool#call}.
 *
 * <p>Called directly ({@link #call()}), it runs the task in this JVM, which is handy for a
 * sequential baseline and for tests; submitted to a pool, it runs in a worker.
 *
 * @param taskClass the binary name of a {@link ProcessTask} class with a public no-arg constructor
 * @param argument  an encodable argument (see {@link ProcessTask})
 * @param <R>       the result type
 */
public record ProcessCall<R>(String taskClass, Object argument) implements Callable<R>, Runnable {

    @Override
    @SuppressWarnings("unchecked")
    public R call() throws Exception {
        Class<?> type = Class.forName(taskClass);
        ProcessPool.checkTaskClass(type);
        return ((ProcessTask<Object, R>) type.getConstructor().newInstance()).call(argument);
    }

    /** Runs the task here and discards its result; a failure is rethrown unchecked. */
    @Override
    public void run() {
        try {
            call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
