package dev.conclab.chapters.asyncio;

import dev.conclab.loop.http.BlockingHttpClient;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A virtual thread per request with the same blocking client as the pools: plain sequential
 * code, and the JDK parks the virtual thread on every socket wait instead of holding an
 * operating-system thread (gevent's monkey-patched sockets, built into the runtime).
 */
final class VirtualThreadsLoad implements LoadClient {

    @Override
    public String id() {
        return "virtual";
    }

    @Override
    public String description() {
        return "Executors.newVirtualThreadPerTaskExecutor() + BlockingHttpClient: a virtual thread per request";
    }

    @Override
    public void run(URI target, int requests, int concurrency, RequestLog log) throws InterruptedException {
        var limit = new Semaphore(concurrency);
        try (var client = new BlockingHttpClient();
             var threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("load-virtual-", 0).factory())) {
            for (int i = 0; i < requests; i++) {
                int index = i;
                limit.acquire();
                threads.execute(() -> {
                    try {
                        BlockingFetch.fetch(client, target, index, log);
                    } finally {
                        limit.release();
                    }
                });
            }
        }
    }
}
