package dev.conclab.loop.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP/1.1 request: what a client sends ({@code uri} absolute, e.g.
 * {@code http://127.0.0.1:8080/delay/50}) or what a server received ({@code uri} the request
 * target, e.g. {@code /delay/50?size=1KB}). Immutable; the body array is not copied, so do not
 * change it after handing it over.
 *
 * @param method  GET, POST, ... (upper case)
 * @param uri     absolute for clients, the request target for servers
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param headers header fields (a client adds Host, Content-Length and Connection itself)
 * @param body    the body, empty for none
 */
public record HttpRequest(String method, URI uri, String version, HttpHeaders headers, byte[] body) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        method = method.toUpperCase(Locale.ROOT);
        version = version == null ? "HTTP/1.1" : version;
        headers = headers == null ? HttpHeaders.empty() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** A GET of {@code uri}. */
    public static HttpRequest get(URI uri) {
        return new HttpRequest("GET", uri, "HTTP/1.1", HttpHeaders.empty(), new byte[0]);
    }

    public static HttpRequest get(String uri) {
        return get(URI.create(uri));
    }

    /** A POST of {@code body} with {@code contentType}. */
    public static HttpRequest post(URI uri, String contentType, byte[] body) {
        return new HttpRequest("POST", uri, "HTTP/1.1", HttpHeaders.of("Content-Type", contentType), body);
    }

    /** The same request with one more header. */
    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(method, uri, version, headers.with(name, value), body);
    }

    /** The decoded path, e.g. {@code /delay/50}. */
    public String path() {
        String path = uri.getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The first value of query parameter {@code name}, decoded. */
    public Optional<String> query(String name) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Whether the client wants the connection kept open after this exchange (HTTP/1.1 default yes, 1.0 default no). */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return !"HTTP/1.0".equals(version) || headers.hasToken("Connection", "keep-alive");
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + version + " " + headers + (body.length > 0 ? " (" + body.length + " B)" : "");
    }
}
