package dev.conclab.chapters.futures.samples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

/**
 * {@code CompletableFuture} composes steps without blocking a thread between them:
 * {@code thenCompose} chains a step that is itself asynchronous (like {@code await} in a
 * coroutine), {@code exceptionally} recovers. A failure skips the steps after it and arrives at
 * {@code join()} wrapped in {@code CompletionException}, with the original as its cause.
 */
public final class F05_Compose implements Sample {

    @Override
    public String number() {
        return "F05";
    }

    @Override
    public String python() {
        return "user = await fetch_user(); orders = await fetch_orders(user)";
    }

    @Override
    public String java() {
        return "supplyAsync(...).thenCompose(...).exceptionally(...)";
    }

    @Override
    public Observation run() {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var orders = CompletableFuture.supplyAsync(() -> "ada", executor)
                    .thenCompose(user -> CompletableFuture.supplyAsync(() -> user + ": 3 orders", executor))
                    .join();

            var skipped = new java.util.concurrent.atomic.AtomicBoolean(true);
            var failing = CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("user service down");
            }, executor).thenApply(user -> {
                skipped.set(false);
                return user + ": orders";
            });
            String cause;
            try {
                failing.join();
                cause = "none";
            } catch (CompletionException e) {
                cause = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            }
            String recovered = failing.exceptionally(e -> "no orders (" + e.getCause().getMessage() + ")").join();
            boolean holds = orders.equals("ada: 3 orders") && skipped.get() && cause.startsWith("IllegalStateException")
                    && recovered.startsWith("no orders");
            return new Observation(holds, List.of(
                    "Two asynchronous steps chained with thenCompose gave \"%s\".".formatted(orders),
                    "A failed first step skipped the next (%s) and join() threw CompletionException caused by %s."
                            .formatted(skipped.get() ? "it never ran" : "it ran!", cause),
                    "exceptionally() turned it into \"%s\".".formatted(recovered)));
        }
    }
}
