package dev.conclab.chapters.asyncio;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.http.LoopHttpClient;

import java.net.URI;
import java.util.ArrayList;

/** The loop's {@link LoopHttpClient}: every request in flight on one thread, as asyncio + aiohttp. */
final class LoopClientLoad implements LoadClient {

    @Override
    public String id() {
        return "loop";
    }

    @Override
    public String description() {
        return "conclab's EventLoop + LoopHttpClient: one thread, a future per request";
    }

    @Override
    public void run(URI target, int requests, int concurrency, RequestLog log) {
        try (var loop = EventLoop.builder().name("load-loop").build()) {
            loop.runMain(() -> {
                var client = new LoopHttpClient(loop, LoopHttpClient.Options.DEFAULTS.withRequestTimeout(java.time.Duration.ofSeconds(60)));
                int[] next = {0};
                var workers = new ArrayList<LoopFuture<Void>>();
                for (int w = 0; w < concurrency; w++) {
                    workers.add(worker(loop, client, target, requests, next, log));
                }
                return Async.gather(workers).andFinally(client::close);
            });
        }
    }

    /** Sends requests one after another until none are left: {@code concurrency} of these run at once. */
    private static LoopFuture<Void> worker(EventLoop loop, LoopHttpClient client, URI target, int requests, int[] next, RequestLog log) {
        if (next[0] >= requests) {
            return loop.completed(null);
        }
        int i = next[0]++;
        log.started(i);
        return client.get(target).handle((response, failure) -> {
            if (failure != null) {
                log.failed(i, failure);
            } else {
                log.finished(i, response.status(), response.body().length);
            }
            return null;
        }).then(v -> worker(loop, client, target, requests, next, log));
    }
}
