package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * {@code StructuredTaskScope} (a preview API in JDK 25) ties subtasks to a block: they cannot
 * outlive it, a failure cancels the siblings, and {@code join()} reports the first failure.
 * Executors and CompletableFutures leave that bookkeeping to you; Python 3.11's
 * {@code asyncio.TaskGroup} is the same idea.
 */
public final class F07_StructuredScope implements Sample {

    @Override
    public String number() {
        return "F07";
    }

    @Override
    public String python() {
        return "async with asyncio.TaskGroup() as tg";
    }

    @Override
    public String java() {
        return "StructuredTaskScope.open(Joiner.allSuccessfulOrThrow())";
    }

    @Override
    public Observation run() throws Exception {
        var sibling = new Slow("sibling", Duration.ofSeconds(5));
        String failure;
        long t0 = System.nanoTime();
        try (var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow())) {
            scope.fork(sibling);
            scope.fork(() -> {
                Thread.sleep(30);
                throw new IllegalStateException("inventory service down");
            });
            try {
                scope.join();
                failure = "none";
            } catch (StructuredTaskScope.FailedException e) {
                failure = e.getCause().getMessage();
            }
        }
        long closedAfter = Slow.millisSince(t0);
        String winner;
        try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow())) {
            scope.fork(new Slow("replica-1", Duration.ofMillis(80)));
            scope.fork(new Slow("replica-2", Duration.ofMillis(20)));
            winner = scope.join();
        }
        boolean holds = "inventory service down".equals(failure) && sibling.interrupted.get() && !sibling.finished.get()
                && "replica-2".equals(winner);
        return new Observation(holds, List.of(
                "One subtask failed (\"%s\"); its 5 s sibling was %s, and the scope closed after %d ms.".formatted(failure,
                        sibling.interrupted.get() ? "interrupted" : "left running", closedAfter),
                "With anySuccessfulResultOrThrow the faster replica won: \"%s\".".formatted(winner)));
    }
}
