package dev.conclab.chapters.asyncio;

import dev.conclab.loop.http.BlockingHttpClient;
import dev.conclab.loop.http.HttpResponse;

import java.net.URI;

/** One blocking GET, recorded: shared by the thread-based load clients. */
final class BlockingFetch {

    private BlockingFetch() {
    }

    static void fetch(BlockingHttpClient client, URI target, int index, RequestLog log) {
        log.started(index);
        try {
            HttpResponse response = client.get(target);
            log.finished(index, response.status(), response.body().length);
        } catch (Exception e) {
            log.failed(index, e);
        }
    }
}
