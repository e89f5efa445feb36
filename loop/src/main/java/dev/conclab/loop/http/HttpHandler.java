package dev.conclab.loop.http;

import dev.conclab.loop.LoopFuture;

/**
 * Answers one request on the loop thread. It must not block: wait with futures (a timer, a
 * client call, {@code loop.runInExecutor} for blocking work). If the client goes away before
 * the response is sent, the future returned is cancelled, and with it whatever it waits on.
 * An exception thrown or a failed future becomes a 500 response.
 */
@FunctionalInterface
public interface HttpHandler {
    LoopFuture<HttpResponse> handle(HttpRequest request);
}
