package exercises.gevent.first;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;

/**
 * Exercise 7.2, reference solution.
 */
public final class FirstSuccess {

    private FirstSuccess() {
    }

    /**
     * Asks every source at the same time and returns the first successful answer; the other
     * sources are cancelled (interrupted) and have stopped when this returns. Fails only if
     * every source fails.
     */
    public static String ask(List<Callable<String>> sources) throws Exception {
        try (var scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.<String>anySuccessfulResultOrThrow())) {
            for (Callable<String> source : sources) {
                scope.fork(source);
            }
            return scope.join();
        }
    }
}
