package dev.conclab.chapters.asyncio;

import dev.conclab.loop.http.BlockingHttpClient;
import dev.conclab.loop.http.HttpResponse;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@link FutureStyle}'s program as plain blocking code: a virtual thread per URL, a
 * {@link Semaphore} for the limit, an ordinary loop for the retry. {@code fetchWithRetry} is a
 * normal function that any code can call; nothing about it says "async". On virtual threads the
 * blocking calls park the virtual thread, not an operating-system thread, so the program keeps
 * as many requests in flight as the future-style one.
 */
final class BlockingStyle {

    private BlockingStyle() {
    }

    // program:start
    static long totalBytes(BlockingHttpClient client, List<URI> urls, int limit) throws InterruptedException, ExecutionException {
        var inFlight = new Semaphore(limit);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> sizes = urls.stream().map(url -> threads.submit(() -> {
                inFlight.acquire();
                try {
                    return (long) fetchWithRetry(client, url).body().length;
                } finally {
                    inFlight.release();
                }
            })).toList();
            long total = 0;
            for (Future<Long> size : sizes) {
                total += size.get();
            }
            return total;
        }
    }

    static HttpResponse fetchWithRetry(BlockingHttpClient client, URI url) throws IOException {
        HttpResponse response = client.get(url);
        return response.status() >= 500 ? client.get(url) : response;
    }
    // program:end

    /** Runs the program with a client whose reads time out after 5 s, as the future style's requests do. */
    static long run(List<URI> urls, int limit) throws InterruptedException, ExecutionException {
        try (var client = new BlockingHttpClient(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), 64 * 1024 * 1024)) {
            return totalBytes(client, urls, limit);
        }
    }
}
