package dev.conclab.chapters.asyncio;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.LoopSemaphore;
import dev.conclab.loop.http.HttpResponse;
import dev.conclab.loop.http.LoopHttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The chapter's small program in future style, on the event loop: fetch every URL with at most
 * {@code limit} requests in flight, give each 5 s, retry a 5xx once, and add up the bytes.
 * Every function that waits returns a {@link LoopFuture}, and so must every function that calls
 * one: this is Python's {@code async def} spreading through a program ("function colouring").
 * Compare {@link BlockingStyle}, the same program as plain blocking code on virtual threads.
 * The chapter counts the lines between the markers.
 */
final class FutureStyle {

    private FutureStyle() {
    }

    // program:start
    static LoopFuture<Long> totalBytes(EventLoop loop, LoopHttpClient client, List<URI> urls, int limit) {
        var inFlight = new LoopSemaphore(loop, limit);
        List<LoopFuture<Long>> sizes = urls.stream()
                .map(url -> inFlight.withPermit(() -> fetchWithRetry(client, url)))
                .map(response -> response.map(r -> (long) r.body().length))
                .toList();
        return Async.gather(sizes).map(all -> all.stream().mapToLong(Long::longValue).sum());
    }

    static LoopFuture<HttpResponse> fetchWithRetry(LoopHttpClient client, URI url) {
        return Async.waitFor(client.get(url), Duration.ofSeconds(5)).then(response ->
                response.status() >= 500
                        ? Async.waitFor(client.get(url), Duration.ofSeconds(5))
                        : client.loop().completed(response));
    }
    // program:end

    /** Runs the program on a new loop and returns the total. */
    static long run(List<URI> urls, int limit) {
        try (var loop = EventLoop.create()) {
            return loop.runMain(() -> {
                var client = new LoopHttpClient(loop);
                return totalBytes(loop, client, urls, limit).andFinally(client::close);
            });
        }
    }
}
