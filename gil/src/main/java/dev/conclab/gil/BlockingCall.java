package dev.conclab.gil;

/**
 * A call that may block outside the interpreter (a socket read, a sleep, a wait for another
 * thread), run by {@link GilRuntime#blocking} with the GIL released.
 *
 * @param <T> what the call returns
 * @param <X> the checked exception it may throw, so {@code blocking(() -> in.read(buffer))}
 *            throws {@code IOException} and nothing broader
 */
@FunctionalInterface
public interface BlockingCall<T, X extends Exception> {

    T call() throws X;
}
