package dev.conclab.loop.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what Jetty's {@link HttpParser} finds in the bytes it is fed into one message. The
 * parser is push-based: the loop feeds it whatever arrived, and it calls back with the request
 * line, each header, each piece of body, and the end of the message, keeping its own state
 * between feeds, which is exactly what a non-blocking reader needs. It enforces the header size
 * limit (431), rejects malformed messages (400) and decodes chunked bodies.
 *
 * <p>Not thread-safe: one per connection.
 */
abstract sealed class MessageCollector implements HttpParser.HttpHandler {

    private final int maxBody;
    final List<String> fields = new ArrayList<>();
    private ByteArrayOutputStream body;
    boolean complete;
    boolean earlyEof;
    boolean tooLarge;
    boolean expectContinue;
    HttpException bad;

    MessageCollector(int maxBody) {
        this.maxBody = maxBody;
    }

    void reset() {
        fields.clear();
        body = null;
        complete = false;
        earlyEof = false;
        tooLarge = false;
        expectContinue = false;
        bad = null;
    }

    byte[] body() {
        return body == null ? new byte[0] : body.toByteArray();
    }

    /** Anything wrong: malformed, too large, or cut short. */
    boolean failed() {
        return bad != null || tooLarge || earlyEof;
    }

    @Override
    public void parsedHeader(HttpField field) {
        fields.add(field.getName());
        fields.add(field.getValue() == null ? "" : field.getValue());
        if (field.getName().equalsIgnoreCase("Expect") && "100-continue".equalsIgnoreCase(field.getValue())) {
            expectContinue = true;
        }
    }

    @Override
    public boolean headerComplete() {
        return false;
    }

    @Override
    public boolean content(ByteBuffer content) {
        int size = body == null ? 0 : body.size();
        if ((long) size + content.remaining() > maxBody) {
            tooLarge = true;
            return true;
        }
        if (body == null) {
            body = new ByteArrayOutputStream(Math.max(64, content.remaining()));
        }
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        body.writeBytes(bytes);
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        complete = true;
        return true; // stop here: bytes after this message belong to the next one
    }

    @Override
    public void earlyEOF() {
        earlyEof = true;
    }

    @Override
    public void badMessage(HttpException failure) {
        bad = failure;
    }

    /** Collects a request for a server. */
    static final class Requests extends MessageCollector implements HttpParser.RequestHandler {
        private String method;
        private String target;
        private HttpVersion version;

        Requests(int maxBody) {
            super(maxBody);
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            this.method = method;
            this.target = uri;
            this.version = version;
        }

        /** The request collected; an unparseable target gives a URISyntaxException (400). */
        HttpRequest request() throws URISyntaxException {
            return new HttpRequest(method, new URI(target), version == null ? "HTTP/1.1" : version.asString(),
                    HttpHeaders.parsed(fields), body());
        }

        boolean http10() {
            return version == HttpVersion.HTTP_1_0;
        }
    }

    /** Collects a response for a client. */
    static final class Responses extends MessageCollector implements HttpParser.ResponseHandler {
        private int status;
        private String reason;
        private HttpVersion version;

        Responses(int maxBody) {
            super(maxBody);
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            this.version = version;
            this.status = status;
            this.reason = reason;
        }

        HttpResponse response() {
            return new HttpResponse(status, reason == null || reason.isBlank() ? null : reason, HttpHeaders.parsed(fields), body(), null);
        }

        /** Whether the connection can carry another exchange after this response. */
        boolean reusable(HttpParser parser) {
            var headers = HttpHeaders.parsed(fields);
            if (headers.hasToken("Connection", "close") || parser.isClose()) {
                return false;
            }
            return version != HttpVersion.HTTP_1_0 || headers.hasToken("Connection", "keep-alive");
        }
    }
}
