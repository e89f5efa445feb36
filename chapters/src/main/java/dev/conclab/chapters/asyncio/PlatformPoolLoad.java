package dev.conclab.chapters.asyncio;

import dev.conclab.loop.http.BlockingHttpClient;

import java.net.URI;
import java.util.concurrent.Executors;

/**
 * A fixed pool of platform threads, each sending with the blocking client
 * ({@code ThreadPoolExecutor(max_workers=n)} + {@code requests} in Python): at most
 * {@code threads} requests in flight, each holding an operating-system thread while it waits.
 */
final class PlatformPoolLoad implements LoadClient {

    private final int threads;

    PlatformPoolLoad(int threads) {
        this.threads = threads;
    }

    @Override
    public String id() {
        return "pool-" + threads;
    }

    @Override
    public String description() {
        return "Executors.newFixedThreadPool(" + threads + ") + BlockingHttpClient: one platform thread per request in flight";
    }

    @Override
    public int concurrency(int requests, int wanted) {
        return Math.min(Math.min(requests, wanted), threads);
    }

    @Override
    public void run(URI target, int requests, int concurrency, RequestLog log) {
        int poolSize = Math.min(threads, Math.max(1, concurrency));
        try (var client = new BlockingHttpClient();
             var pool = Executors.newFixedThreadPool(poolSize, Thread.ofPlatform().name("load-pool-", 0).factory())) {
            for (int i = 0; i < requests; i++) {
                int index = i;
                pool.execute(() -> BlockingFetch.fetch(client, target, index, log));
            }
        }
    }
}
