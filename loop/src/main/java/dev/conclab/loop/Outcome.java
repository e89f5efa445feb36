package dev.conclab.loop;

/**
 * How one future ended, as {@link Async#gatherReturnExceptions} lists it: a value or a failure
 * (a cancelled future is a failure with a {@link java.util.concurrent.CancellationException}).
 *
 * @param <T> the type of the value
 */
public sealed interface Outcome<T> {

    /** The future succeeded with {@code value}. */
    record Success<T>(T value) implements Outcome<T> {
    }

    /** The future failed with {@code failure} (or was cancelled). */
    record Failure<T>(Throwable failure) implements Outcome<T> {
    }

    default boolean succeeded() {
        return this instanceof Success<T>;
    }

    /** The value, or the failure thrown (unchecked as is, checked wrapped in a CompletionException). */
    default T value() {
        return switch (this) {
            case Success<T> s -> s.value();
            case Failure<T> f -> throw f.failure() instanceof RuntimeException r ? r
                    : new java.util.concurrent.CompletionException(f.failure());
        };
    }
}
