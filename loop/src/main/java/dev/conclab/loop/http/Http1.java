package dev.conclab.loop.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes HTTP/1.1 message heads and chunk frames.
 *
 * <p>Why by hand, when parsing uses Jetty's {@code HttpParser}: reading HTTP is where the hard
 * cases are (obsolete line folding, duplicate Content-Length, chunk extensions, smuggling), and
 * a well-tested parser handles them. Writing is a few lines of formatting of fields that
 * {@link HttpHeaders} has already checked for CR/LF injection; Jetty's {@code HttpGenerator}
 * would add a buffer-management state machine for the same bytes.
 */
final class Http1 {

    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static volatile long dateSecond = -1;
    private static volatile String date = "";

    private Http1() {
    }

    /** The request line and header fields; adds Host, Content-Length and Connection. */
    static ByteBuffer requestHead(HttpRequest request, boolean keepAlive) {
        var head = new StringBuilder(128);
        String path = request.uri().getRawPath();
        head.append(request.method()).append(' ').append(path == null || path.isEmpty() ? "/" : path);
        if (request.uri().getRawQuery() != null) {
            head.append('?').append(request.uri().getRawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        if (!request.headers().contains("Host")) {
            int port = request.uri().getPort();
            head.append("Host: ").append(request.uri().getHost()).append(port > 0 && port != 80 ? ":" + port : "").append("\r\n");
        }
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Transfer-Encoding")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        return ascii(head.append("\r\n"));
    }

    /**
     * The status line and header fields of {@code response}; adds Date, the body's framing
     * (Content-Length, or Transfer-Encoding: chunked) and Connection.
     */
    static ByteBuffer responseHead(HttpResponse response, boolean keepAlive, boolean http10) {
        var head = new StringBuilder(160);
        head.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
        head.append("Date: ").append(date()).append("\r\n");
        response.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Date")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (hasBody(response.status())) {
            if (response.streamer() != null) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else {
                head.append("Content-Length: ").append(response.body().length).append("\r\n");
            }
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        } else if (http10) {
            head.append("Connection: keep-alive\r\n");
        }
        return ascii(head.append("\r\n"));
    }

    /** Whether a response with this status carries a body (not 1xx, 204, 304). */
    static boolean hasBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    /** One chunk of a chunked body: size in hex, CRLF, data, CRLF. */
    static ByteBuffer chunk(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(size.length + data.length + 2).put(size).put(data).put((byte) '\r').put((byte) '\n').flip();
    }

    /** The current time as an HTTP date, recomputed at most once a second. */
    static String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = second;
        }
        return date;
    }

    private static ByteBuffer ascii(CharSequence text) {
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
