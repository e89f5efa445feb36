package dev.conclab.chapters.asyncio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's own asynchronous client: {@code HttpClient.sendAsync} returning a
 * {@link CompletableFuture} per request, composed with {@code thenCompose} and joined with
 * {@code allOf}, with the client's default executor (the way most Java programs use it).
 */
final class SendAsyncLoad implements LoadClient {

    @Override
    public String id() {
        return "send-async";
    }

    @Override
    public String description() {
        return "java.net.http.HttpClient.sendAsync + CompletableFuture (HTTP/1.1, default executor)";
    }

    @Override
    public void run(URI target, int requests, int concurrency, RequestLog log) {
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var request = HttpRequest.newBuilder(target).timeout(java.time.Duration.ofSeconds(60)).build();
            var next = new AtomicInteger();
            var chains = new CompletableFuture<?>[concurrency];
            for (int c = 0; c < concurrency; c++) {
                chains[c] = chain(client, request, requests, next, log);
            }
            CompletableFuture.allOf(chains).join();
        }
    }

    /** Sends one request after another until none are left; {@code concurrency} chains run at once. */
    private static CompletableFuture<Void> chain(HttpClient client, HttpRequest request, int requests, AtomicInteger next, RequestLog log) {
        int i = next.getAndIncrement();
        if (i >= requests) {
            return CompletableFuture.completedFuture(null);
        }
        log.started(i);
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                log.failed(i, failure);
            } else {
                log.finished(i, response.statusCode(), response.body().length);
            }
            return null;
        }).thenCompose(v -> chain(client, request, requests, next, log));
    }
}
