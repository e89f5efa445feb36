package dev.conclab.loop.http;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.TimerHandle;
import dev.conclab.loop.net.TcpStream;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 client on an {@link EventLoop} (what aiohttp's {@code ClientSession} is to
 * asyncio): each request is a {@link LoopFuture}, thousands can be in flight on the one loop
 * thread, and connections are kept alive and reused per host.
 *
 * <pre>{@code
 * var client = new LoopHttpClient(loop);
 * LoopFuture<Integer> size = client.get("http://127.0.0.1:8080/").map(r -> r.body().length);
 * }</pre>
 *
 * <p><b>Timeouts.</b> A connect that takes longer than {@code connectTimeout} fails with
 * {@link HttpConnectTimeoutException}; a whole request (waiting for a connection, connecting,
 * sending, receiving) that takes longer than {@code requestTimeout} fails with
 * {@link HttpTimeoutException}.
 *
 * <p><b>Cancellation closes the connection.</b> Cancelling a request's future (or a timeout)
 * closes the connection it was using, since a half-read response cannot be reused: the server
 * sees the client go away at once. A kept-alive connection that the server closed while it was
 * idle is noticed and dropped; a request that finds its reused connection closed before any
 * byte of the response is retried once on a new connection.
 *
 * <p>Only {@code http://}: the client has no TLS. Loop-bound: use it on the loop thread;
 * {@link #stats()} may be read from any thread.
 */
public final class LoopHttpClient implements AutoCloseable {

    /**
     * Limits and timeouts.
     *
     * @param connectTimeout        one TCP connect
     * @param requestTimeout        a whole request
     * @param maxConnectionsPerHost connections open at once to one host:port, 0 for no limit (requests wait for a free one)
     * @param idleTimeout           a kept-alive connection unused this long is closed
     * @param maxResponseBytes      a response body
     * @param maxHeaderBytes        a response's status line and headers
     */
    public record Options(Duration connectTimeout, Duration requestTimeout, int maxConnectionsPerHost, Duration idleTimeout,
                          int maxResponseBytes, int maxHeaderBytes) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), 0,
                Duration.ofSeconds(30), 64 * 1024 * 1024, 64 * 1024);

        public Options {
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(requestTimeout);
            Objects.requireNonNull(idleTimeout);
            if (maxConnectionsPerHost < 0 || maxResponseBytes < 0 || maxHeaderBytes < 256) {
                throw new IllegalArgumentException("need maxConnectionsPerHost >= 0, maxResponseBytes >= 0, maxHeaderBytes >= 256");
            }
        }

        public Options withMaxConnectionsPerHost(int max) {
            return new Options(connectTimeout, requestTimeout, max, idleTimeout, maxResponseBytes, maxHeaderBytes);
        }

        public Options withRequestTimeout(Duration timeout) {
            return new Options(connectTimeout, timeout, maxConnectionsPerHost, idleTimeout, maxResponseBytes, maxHeaderBytes);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(timeout, requestTimeout, maxConnectionsPerHost, idleTimeout, maxResponseBytes, maxHeaderBytes);
        }
    }

    /**
     * @param requests          requests sent
     * @param connectionsOpened TCP connections opened
     * @param reused            requests sent on a kept-alive connection
     * @param open              connections open now (busy or idle)
     * @param idle              kept-alive connections waiting for a request
     */
    public record Stats(long requests, long connectionsOpened, long reused, int open, int idle) {
    }

    private static final int READ_CHUNK = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private final Options options;
    private final Map<String, Pool> pools = new HashMap<>();
    private boolean closed;
    private volatile long requests;
    private volatile long opened;
    private volatile long reused;
    private volatile int open;
    private volatile int idle;

    public LoopHttpClient(EventLoop loop) {
        this(loop, Options.DEFAULTS);
    }

    public LoopHttpClient(EventLoop loop, Options options) {
        this.loop = Objects.requireNonNull(loop);
        this.options = Objects.requireNonNull(options);
    }

    /** The loop the client runs on. */
    public EventLoop loop() {
        return loop;
    }

    public LoopFuture<HttpResponse> get(String uri) {
        return send(HttpRequest.get(uri));
    }

    public LoopFuture<HttpResponse> get(URI uri) {
        return send(HttpRequest.get(uri));
    }

    /** Sends {@code request} (its URI absolute, {@code http://}) and completes with the whole response. */
    public LoopFuture<HttpResponse> send(HttpRequest request) {
        URI uri = request.uri();
        if (closed) {
            return loop.failed(new IllegalStateException("the client is closed"));
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return loop.failed(new IllegalArgumentException("the loop client sends only to http://host[:port]/ URLs (no TLS); got " + uri));
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Pool pool = pools.computeIfAbsent(uri.getHost() + ":" + port, k -> new Pool(uri.getHost(), port));
        return Async.waitFor(attempt(pool, request, true), options.requestTimeout())
                .recoverWith(e -> loop.failed(e instanceof TimeoutException
                        ? new HttpTimeoutException("request to " + uri + " timed out after " + options.requestTimeout().toMillis() + " ms")
                        : e));
    }

    private LoopFuture<HttpResponse> attempt(Pool pool, HttpRequest request, boolean mayRetry) {
        return pool.acquire(!mayRetry).then(connection -> connection.exchange(request)).recoverWith(e ->
                e instanceof StaleConnection && mayRetry && idempotent(request.method())
                        ? attempt(pool, request, false)
                        : loop.failed(e instanceof StaleConnection stale ? stale.asFailure() : e));
    }

    private static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    public Stats stats() {
        return new Stats(requests, opened, reused, open, idle);
    }

    /** Closes every connection; requests in flight fail, later ones are refused. */
    @Override
    public void close() {
        closed = true;
        for (Pool pool : pools.values()) {
            pool.closeAll();
        }
        pools.clear();
    }

    /** The connections to one host:port. */
    private final class Pool {
        private final String host;
        private final int port;
        private final java.util.LinkedHashSet<Connection> idleConnections = new java.util.LinkedHashSet<>(); // removal in O(1)
        private final ArrayDeque<LoopFuture<Connection>> waiters = new ArrayDeque<>();
        private final Set<Connection> all = new HashSet<>();
        private int total; // open or opening

        Pool(String host, int port) {
            this.host = host;
            this.port = port;
        }

        LoopFuture<Connection> acquire(boolean freshOnly) {
            if (!freshOnly) {
                while (!idleConnections.isEmpty()) {
                    Connection c = idleConnections.removeLast(); // the most recently used: the warmest
                    idle--;
                    if (c.leaveIdle()) {
                        reused++;
                        LoopFuture<Connection> ready = loop.completed(c);
                        ready.onUnclaimed(this::release); // the request was cancelled before it could use it
                        return ready;
                    }
                }
            }
            int max = options.maxConnectionsPerHost();
            if (max == 0 || total < max) {
                return openConnection();
            }
            LoopFuture<Connection> waiter = loop.createFuture();
            waiters.add(waiter);
            waiter.onCancel(() -> waiters.remove(waiter));
            waiter.onUnclaimed(this::release);
            return waiter;
        }

        private LoopFuture<Connection> openConnection() {
            total++;
            opened++;
            LoopFuture<Connection> out = loop.createFuture();
            LoopFuture<TcpStream> connect = TcpStream.connect(loop, host, port);
            TimerHandle timer = loop.callLater(options.connectTimeout(), () -> {
                if (connect.cancel()) {
                    out.tryFail(new HttpConnectTimeoutException("connecting to " + host + ":" + port + " timed out after "
                            + options.connectTimeout().toMillis() + " ms"));
                }
            });
            out.onCancel(() -> {
                timer.cancel();
                connect.cancel();
            });
            out.onUnclaimed(this::release);
            connect.whenDone(f -> {
                timer.cancel();
                if (f.isSucceeded()) {
                    var connection = new Connection(this, f.result());
                    all.add(connection);
                    open++;
                    if (!out.tryComplete(connection)) {
                        release(connection);
                    }
                } else {
                    total--;
                    if (f.isFailed()) {
                        out.tryFail(f.exception());
                    }
                    slotFreed();
                }
            });
            return out;
        }

        /** A connection whose exchange ended cleanly: to a waiter, else idle. */
        void release(Connection connection) {
            if (closed || connection.discarded) {
                connection.discard();
                return;
            }
            LoopFuture<Connection> waiter;
            while ((waiter = waiters.poll()) != null) {
                if (waiter.tryComplete(connection)) {
                    reused++;
                    return;
                }
            }
            idleConnections.add(connection);
            idle++;
            connection.enterIdle();
        }

        void discarded(Connection connection) {
            if (all.remove(connection)) {
                total--;
                open--;
                if (idleConnections.remove(connection)) {
                    idle--;
                }
                slotFreed();
            }
        }

        /** A connection closed: a request waiting for a free slot may open a new one. */
        private void slotFreed() {
            int max = options.maxConnectionsPerHost();
            while (!waiters.isEmpty() && !closed && (max == 0 || total < max)) {
                LoopFuture<Connection> waiter = waiters.poll();
                if (waiter.isDone()) {
                    continue;
                }
                openConnection().whenDone(f -> {
                    if (f.isSucceeded()) {
                        if (!waiter.tryComplete(f.result())) {
                            release(f.result());
                        }
                    } else if (f.isFailed()) {
                        waiter.tryFail(f.exception());
                    }
                });
                return;
            }
        }

        void closeAll() {
            for (Connection c : List.copyOf(all)) {
                c.discard();
            }
            for (LoopFuture<Connection> waiter : List.copyOf(waiters)) {
                waiter.tryFail(new IllegalStateException("the client was closed"));
            }
            waiters.clear();
        }
    }

    /** One kept-alive connection and its response parser. */
    private final class Connection {
        private final Pool pool;
        private final TcpStream stream;
        private final MessageCollector.Responses collector = new MessageCollector.Responses(options.maxResponseBytes());
        private final HttpParser parser;
        private int exchanges;
        private boolean discarded;
        private LoopFuture<ByteBuffer> watch;
        private TimerHandle idleTimer;

        Connection(Pool pool, TcpStream stream) {
            this.pool = pool;
            this.stream = stream;
            this.parser = new HttpParser(collector, options.maxHeaderBytes(), HttpCompliance.RFC9110);
        }

        LoopFuture<HttpResponse> exchange(HttpRequest request) {
            requests++;
            boolean wasUsed = exchanges++ > 0;
            collector.reset();
            parser.reset();
            parser.setHeadResponse(request.method().equals("HEAD"));
            LoopFuture<HttpResponse> out = loop.createFuture();
            out.onCancel(this::discard); // a response read halfway cannot be reused: close the connection
            stream.write(Http1.requestHead(request, true));
            if (request.body().length > 0) {
                stream.write(request.body());
            }
            readResponse(out, wasUsed, 0);
            return out;
        }

        private void readResponse(LoopFuture<HttpResponse> out, boolean wasUsed, long received) {
            stream.read(READ_CHUNK).whenDone(f -> {
                if (out.isDone()) {
                    return;
                }
                if (f.isFailed()) {
                    Throwable e = f.exception();
                    discard();
                    out.tryFail(wasUsed && received == 0 ? new StaleConnection(e) : e);
                    return;
                }
                if (f.isCancelled()) {
                    return;
                }
                ByteBuffer data = f.result();
                if (!data.hasRemaining()) {
                    endOfStream(out, wasUsed, received);
                    return;
                }
                while (true) {
                    boolean stopped = parser.parseNext(data);
                    if (collector.bad != null) {
                        discard();
                        out.tryFail(new IOException("malformed response from " + stream.remoteAddress() + ": " + collector.bad.getReason()));
                        return;
                    }
                    if (collector.tooLarge) {
                        discard();
                        out.tryFail(new IOException("response body larger than " + options.maxResponseBytes() + " bytes"));
                        return;
                    }
                    if (collector.complete) {
                        finish(out, collector.reusable(parser) && !data.hasRemaining());
                        return;
                    }
                    if (!stopped && !data.hasRemaining()) {
                        break;
                    }
                }
                readResponse(out, wasUsed, received + 1);
            });
        }

        private void endOfStream(LoopFuture<HttpResponse> out, boolean wasUsed, long received) {
            if (received == 0 && wasUsed) {
                discard();
                out.tryFail(new StaleConnection(null));
                return;
            }
            parser.atEOF();
            parser.parseNext(EMPTY);
            if (collector.complete) {
                finish(out, false); // a body delimited by the end of the connection
            } else {
                discard();
                out.tryFail(new IOException("the server " + stream.remoteAddress() + " closed the connection before the response was complete"));
            }
        }

        private void finish(LoopFuture<HttpResponse> out, boolean reusable) {
            HttpResponse response = collector.response();
            if (reusable) {
                pool.release(this);
            } else {
                discard();
            }
            out.tryComplete(response);
        }

        void enterIdle() {
            LoopFuture<ByteBuffer> w = stream.read(1);
            watch = w;
            w.whenDone(f -> {
                if (!f.isCancelled()) {
                    if (f.isFailed()) {
                        f.exception();
                    }
                    discard(); // the server closed it, or sent bytes nobody asked for
                }
            });
            idleTimer = loop.callLater(options.idleTimeout(), this::discard);
        }

        /** Takes the connection out of the idle list; false if it was closed meanwhile. */
        boolean leaveIdle() {
            if (idleTimer != null) {
                idleTimer.cancel();
                idleTimer = null;
            }
            if (watch != null) {
                watch.cancel();
                watch = null;
            }
            return !discarded && !stream.isClosed();
        }

        void discard() {
            if (discarded) {
                return;
            }
            discarded = true;
            if (idleTimer != null) {
                idleTimer.cancel();
            }
            stream.abort();
            pool.discarded(this);
        }
    }

    /** A reused connection that the server had closed: the request may be sent again on a new one. */
    private static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super("the kept-alive connection was closed by the server", cause);
        }

        IOException asFailure() {
            return new IOException(getMessage(), getCause());
        }
    }
}
