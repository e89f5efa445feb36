package dev.conclab.loop.http;

import dev.conclab.loop.LoopFuture;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP/1.1 response: what a server handler returns, or what a client received (always with
 * the whole body in {@code body}). Immutable; the body array is not copied.
 *
 * <p>A server handler may instead return a {@linkplain #chunked chunked} response whose body is
 * produced piece by piece with back-pressure (each chunk's write completes when the
 * connection's write buffer has drained), sent with {@code Transfer-Encoding: chunked}.
 *
 * @param status   the status code
 * @param reason   the reason phrase ("OK"); the standard one when null
 * @param headers  header fields (the server adds Content-Length or Transfer-Encoding, Connection, Date)
 * @param body     the body, empty for none
 * @param streamer produces a chunked body instead of {@code body}, or null
 */
public record HttpResponse(int status, String reason, HttpHeaders headers, byte[] body, BodyStreamer streamer) {

    /** Writes a chunked body, one chunk at a time. */
    @FunctionalInterface
    public interface BodyStreamer {
        /** Writes the body's chunks to {@code sink}; the returned future completes after the last one. */
        LoopFuture<Void> stream(ChunkSink sink);
    }

    /** Where a {@link BodyStreamer} writes. */
    @FunctionalInterface
    public interface ChunkSink {
        /** Sends one chunk (an empty one is skipped); completes when the write buffer has room again. */
        LoopFuture<Void> write(byte[] chunk);
    }

    public HttpResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("an HTTP status has three digits, got " + status);
        }
        reason = reason == null ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : reason;
        if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the reason phrase must not contain CR or LF");
        }
        headers = headers == null ? HttpHeaders.empty() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** A response with {@code body} of {@code contentType}. */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, null, HttpHeaders.of("Content-Type", contentType), body, null);
    }

    /** A plain-text (UTF-8) response. */
    public static HttpResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with {@code body} as application/octet-stream. */
    public static HttpResponse ok(byte[] body) {
        return of(200, "application/octet-stream", body);
    }

    /** A response whose body {@code streamer} writes in chunks. */
    public static HttpResponse chunked(int status, String contentType, BodyStreamer streamer) {
        return new HttpResponse(status, null, HttpHeaders.of("Content-Type", contentType), new byte[0], Objects.requireNonNull(streamer));
    }

    /** The same response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, reason, headers.with(name, value), body, streamer);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the peer asked to close the connection after this response. */
    public boolean closesConnection() {
        return headers.hasToken("Connection", "close");
    }

    @Override
    public String toString() {
        return status + " " + reason + " " + headers + " (" + (streamer != null ? "chunked" : body.length + " B") + ")";
    }
}
