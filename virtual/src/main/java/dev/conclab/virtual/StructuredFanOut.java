package dev.conclab.virtual;

import java.time.Duration;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fan-out and fan-in with {@link StructuredTaskScope} (a preview API in JDK 25): subtasks are
 * virtual threads that cannot outlive the scope that forked them. When one fails, or the
 * scope's deadline passes, the scope interrupts the others and {@code join()} returns; closing
 * the scope waits until every subtask has really ended.
 *
 * <p>The measurements answer: how quickly do the siblings of a failed subtask stop, and does
 * every one of them stop? In Python, {@code asyncio.TaskGroup} and trio's nurseries give the
 * same guarantee.
 */
public final class StructuredFanOut {

    /**
     * @param subtasks       subtasks forked
     * @param returnedAfter  from the failure (or the deadline) to {@code join()} returning
     * @param interrupted    subtasks stopped by an interrupt while they waited
     * @param completed      subtasks that finished their work
     * @param outcome        what {@code join()} threw or returned, in a word or two
     */
    public record Outcome(int subtasks, Duration returnedAfter, int interrupted, int completed, String outcome) {
    }

    private StructuredFanOut() {
    }

    /**
     * Forks {@code n} subtasks that each wait {@code work}; subtask 0 fails after {@code failAfter}.
     * The scope fails as a whole at the first failure.
     */
    public static Outcome cancelOnFailure(int n, Duration work, Duration failAfter) throws InterruptedException {
        var interrupted = new AtomicInteger();
        var completed = new AtomicInteger();
        long failedAt;
        String outcome;
        try (var scope = StructuredTaskScope.open(Joiner.<Integer>awaitAllSuccessfulOrThrow())) {
            scope.fork(() -> {
                Thread.sleep(failAfter);
                throw new IllegalStateException("subtask 0 failed on purpose");
            });
            for (int i = 1; i < n; i++) {
                int index = i;
                scope.fork(() -> waitFor(work, index, interrupted, completed));
            }
            long t0 = System.nanoTime();
            failedAt = t0 + failAfter.toNanos();
            try {
                scope.join();
                outcome = "all succeeded";
            } catch (StructuredTaskScope.FailedException e) {
                outcome = "failed: " + e.getCause().getMessage();
            }
        }
        // close() has waited for every subtask, so the counts are final.
        long returned = System.nanoTime();
        return new Outcome(n, Duration.ofNanos(Math.max(0, returned - failedAt)), interrupted.get(), completed.get(), outcome);
    }

    /** Forks {@code n} subtasks that each wait {@code work}, in a scope with a {@code deadline}. */
    public static Outcome deadline(int n, Duration work, Duration deadline) throws InterruptedException {
        var interrupted = new AtomicInteger();
        var completed = new AtomicInteger();
        String outcome;
        long due;
        try (var scope = StructuredTaskScope.open(Joiner.<Integer>awaitAllSuccessfulOrThrow(), cf -> cf.withTimeout(deadline))) {
            due = System.nanoTime() + deadline.toNanos();
            for (int i = 0; i < n; i++) {
                int index = i;
                scope.fork(() -> waitFor(work, index, interrupted, completed));
            }
            try {
                scope.join();
                outcome = "all succeeded";
            } catch (StructuredTaskScope.TimeoutException e) {
                outcome = "deadline passed";
            }
        }
        return new Outcome(n, Duration.ofNanos(Math.max(0, System.nanoTime() - due)), interrupted.get(), completed.get(), outcome);
    }

    private static Integer waitFor(Duration work, int index, AtomicInteger interrupted, AtomicInteger completed)
            throws InterruptedException {
        try {
            Thread.sleep(work);
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
        }
        completed.incrementAndGet();
        return index;
    }
}
