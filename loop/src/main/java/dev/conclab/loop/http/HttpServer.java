package dev.conclab.loop.http;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopDiagnostic;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.TimerHandle;
import dev.conclab.loop.net.TcpServer;
import dev.conclab.loop.net.TcpStream;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP/1.1 server on an {@link EventLoop}: every connection is served on the loop thread,
 * with keep-alive and pipelined requests answered in order, Content-Length and chunked request
 * bodies, responses with a Content-Length or {@linkplain HttpResponse#chunked chunked} with
 * back-pressure, and timeouts for idle connections, slow requests and slow readers.
 *
 * <p>Bad input never stops the server: a malformed request gets 400 (a header section over
 * the limit 431, a body over the limit 413, a request too slow to arrive 408) and that
 * connection is closed; a client that closes early has its handler's future cancelled; the
 * other connections are not affected.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.start(loop, new InetSocketAddress("127.0.0.1", 0),
 *         request -> loop.sleep(Duration.ofMillis(50)).map(v -> HttpResponse.text(200, "hello")));
 * }</pre>
 *
 * <p>Loop-bound: start and close it on the loop thread (or before the loop runs);
 * {@link #stats()} may be read from any thread.
 */
public final class HttpServer implements AutoCloseable {

    /**
     * Limits and timeouts.
     *
     * @param maxHeaderBytes the request line and headers together (431 above)
     * @param maxBodyBytes   a request body (413 above)
     * @param requestTimeout from the first byte of a request to its last (408 after)
     * @param idleTimeout    a kept-alive connection with no request, or a response the client does not read, is closed after this
     */
    public record Options(int maxHeaderBytes, int maxBodyBytes, Duration requestTimeout, Duration idleTimeout) {
        public static final Options DEFAULTS = new Options(8 * 1024, 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(30));

        public Options {
            if (maxHeaderBytes < 256 || maxBodyBytes < 0) {
                throw new IllegalArgumentException("need maxHeaderBytes >= 256 and maxBodyBytes >= 0");
            }
            Objects.requireNonNull(requestTimeout);
            Objects.requireNonNull(idleTimeout);
        }
    }

    /**
     * What the server has done so far.
     *
     * @param connections     connections accepted
     * @param open            connections open now
     * @param requests        requests answered by the handler
     * @param badRequests     requests answered 400/408/413/431 without calling the handler
     * @param handlerFailures handler exceptions or failed futures (answered 500)
     * @param clientsGone     clients that closed before their response was sent
     */
    public record Stats(long connections, long open, long requests, long badRequests, long handlerFailures, long clientsGone) {
    }

    private static final int READ_CHUNK = 64 * 1024;
    private static final ByteBuffer CONTINUE = ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    private final EventLoop loop;
    private final HttpHandler handler;
    private final Options options;
    private final TcpServer tcp;
    private final Set<Connection> connections = new HashSet<>();
    private volatile long accepted;
    private volatile long requests;
    private volatile long badRequests;
    private volatile long handlerFailures;
    private volatile long clientsGone;
    private volatile int open;

    private HttpServer(EventLoop loop, InetSocketAddress address, Options options, HttpHandler handler) throws IOException {
        this.loop = loop;
        this.handler = handler;
        this.options = options;
        this.tcp = TcpServer.start(loop, address, stream -> new Connection(stream).start());
    }

    /** Starts serving on {@code address} (port 0 picks a free port) with the default options. */
    public static HttpServer start(EventLoop loop, InetSocketAddress address, HttpHandler handler) throws IOException {
        return start(loop, address, Options.DEFAULTS, handler);
    }

    public static HttpServer start(EventLoop loop, InetSocketAddress address, Options options, HttpHandler handler) throws IOException {
        return new HttpServer(loop, Objects.requireNonNull(address), Objects.requireNonNull(options), Objects.requireNonNull(handler));
    }

    public InetSocketAddress address() {
        return tcp.address();
    }

    public int port() {
        return tcp.port();
    }

    /** {@code http://host:port/}. */
    public URI uri() {
        String host = tcp.address().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    public Stats stats() {
        return new Stats(accepted, open, requests, badRequests, handlerFailures, clientsGone);
    }

    /** Stops accepting and closes every connection (pending handlers are cancelled). */
    @Override
    public void close() {
        tcp.close();
        for (Connection c : List.copyOf(connections)) {
            c.shutDown();
        }
    }

    /** One client connection: reads requests, calls the handler, writes responses, in order. */
    private final class Connection {
        private enum Phase { IDLE, READING, HANDLING, WRITING, CLOSED }

        private final TcpStream stream;
        private final MessageCollector.Requests collector = new MessageCollector.Requests(options.maxBodyBytes());
        private final HttpParser parser;
        private ByteBuffer pending = ByteBuffer.allocate(0);
        private LoopFuture<ByteBuffer> reading;
        private LoopFuture<HttpResponse> handling;
        private TimerHandle timer;
        private Phase phase = Phase.IDLE;
        private boolean continueSent;

        Connection(TcpStream stream) {
            this.stream = stream;
            this.parser = new HttpParser(collector, options.maxHeaderBytes(), HttpCompliance.RFC9110);
        }

        void start() {
            accepted++;
            open++;
            connections.add(this);
            stream.closed().whenDone(f -> closed());
            enter(Phase.IDLE);
            readMore();
        }

        private void enter(Phase next) {
            phase = next;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            switch (next) {
                case IDLE -> timer = loop.callLater(options.idleTimeout(), stream::abort);
                case READING -> timer = loop.callLater(options.requestTimeout(), () -> reject(408));
                case WRITING -> timer = loop.callLater(options.idleTimeout(), stream::abort);
                default -> {
                }
            }
        }

        private void readMore() {
            if (reading != null || phase == Phase.CLOSED || stream.isClosed()) {
                return;
            }
            LoopFuture<ByteBuffer> read = stream.read(READ_CHUNK);
            reading = read;
            read.whenDone(f -> {
                reading = null;
                if (f.isCancelled() || phase == Phase.CLOSED) {
                    return;
                }
                if (f.isFailed()) {
                    f.exception();
                    peerGone();
                    return;
                }
                ByteBuffer data = f.result();
                if (!data.hasRemaining()) {
                    peerGone();
                    return;
                }
                received(data);
            });
        }

        private void received(ByteBuffer data) {
            if (pending.hasRemaining()) {
                pending = ByteBuffer.allocate(pending.remaining() + data.remaining()).put(pending).put(data).flip();
            } else {
                pending = data;
            }
            if (phase == Phase.HANDLING || phase == Phase.WRITING) {
                // A pipelined request: keep it for later, and keep reading only to notice a close.
                if (pending.remaining() < READ_CHUNK) {
                    readMore();
                }
                return;
            }
            parse();
        }

        private void parse() {
            if (phase == Phase.IDLE && pending.hasRemaining()) {
                enter(Phase.READING);
            }
            while (true) {
                boolean stopped = parser.parseNext(pending);
                if (collector.bad != null) {
                    reject(collector.bad.getCode());
                    return;
                }
                if (collector.tooLarge) {
                    reject(413);
                    return;
                }
                if (collector.earlyEof || parser.isClose() || parser.isClosed()) {
                    reject(400); // Jetty gives up on some malformed bodies (a bad chunk size) without a status
                    return;
                }
                if (collector.expectContinue && !continueSent && !collector.complete) {
                    continueSent = true;
                    stream.write(CONTINUE.duplicate());
                }
                if (collector.complete) {
                    dispatch();
                    return;
                }
                if (!stopped && !pending.hasRemaining()) {
                    break;
                }
            }
            readMore();
        }

        private void dispatch() {
            HttpRequest request;
            try {
                request = collector.request();
            } catch (URISyntaxException e) {
                reject(400);
                return;
            }
            boolean http10 = collector.http10();
            enter(Phase.HANDLING);
            LoopFuture<HttpResponse> response;
            try {
                response = Objects.requireNonNull(handler.handle(request), "the handler returned null");
            } catch (RuntimeException e) {
                response = loop.failed(e);
            }
            handling = response;
            readMore(); // to notice a client that leaves while the handler works
            response.whenDone(f -> {
                handling = null;
                if (phase == Phase.CLOSED || f.isCancelled()) {
                    return;
                }
                HttpResponse answer;
                if (f.isSucceeded()) {
                    answer = f.result();
                } else {
                    handlerFailures++;
                    Throwable failure = f.exception();
                    loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.CALLBACK_FAILED,
                            "the HTTP handler failed on " + request.method() + " " + request.uri(), failure, List.of(failure.getStackTrace())));
                    answer = HttpResponse.text(500, "internal server error\n");
                }
                requests++;
                respond(request, answer, http10);
            });
        }

        private void respond(HttpRequest request, HttpResponse response, boolean http10) {
            boolean keepAlive = request.keepAlive() && !response.closesConnection() && !tcp.isClosed();
            enter(Phase.WRITING);
            stream.write(Http1.responseHead(response, keepAlive, http10));
            boolean body = Http1.hasBody(response.status()) && !request.method().equals("HEAD");
            LoopFuture<Void> sent;
            if (response.streamer() == null || !body) {
                if (body) {
                    stream.write(response.body());
                }
                sent = stream.drain();
            } else {
                LoopFuture<Void> chunks;
                try {
                    chunks = response.streamer().stream(chunk -> {
                        if (chunk.length > 0) {
                            stream.write(Http1.chunk(chunk));
                        }
                        return stream.drain();
                    });
                } catch (RuntimeException e) {
                    chunks = loop.failed(e);
                }
                sent = chunks.then(v -> {
                    stream.write(Http1.LAST_CHUNK);
                    return stream.drain();
                });
            }
            sent.whenDone(f -> {
                if (!f.isSucceeded() || !keepAlive) {
                    if (f.isFailed()) {
                        f.exception();
                    }
                    if (f.isSucceeded()) {
                        stream.close();
                    } else {
                        stream.abort(); // a chunked body cut short must not look complete
                    }
                    return;
                }
                nextRequest();
            });
        }

        private void nextRequest() {
            collector.reset();
            parser.reset();
            continueSent = false;
            enter(Phase.IDLE);
            if (pending.hasRemaining()) {
                parse();
            } else {
                readMore();
            }
        }

        /** Answers a request the handler never saw with {@code status}, then closes. */
        private void reject(int status) {
            if (phase == Phase.CLOSED) {
                return;
            }
            badRequests++;
            enter(Phase.WRITING);
            var response = HttpResponse.text(status, org.eclipse.jetty.http.HttpStatus.getMessage(status) + "\n");
            stream.write(Http1.responseHead(response, false, false));
            stream.write(response.body());
            stream.close();
            phase = Phase.CLOSED;
            if (reading != null) {
                reading.cancel();
            }
        }

        /** The client closed or reset the connection; {@link #closed()} cancels a handler still working for it. */
        private void peerGone() {
            stream.abort();
        }

        void shutDown() {
            stream.abort();
        }

        private void closed() {
            phase = Phase.CLOSED;
            if (timer != null) {
                timer.cancel();
            }
            if (handling != null) {
                clientsGone++;
                handling.cancel();
            }
            open--;
            connections.remove(this);
        }
    }

    @Override
    public String toString() {
        return "HttpServer[" + uri() + ", " + stats() + "]";
    }
}
