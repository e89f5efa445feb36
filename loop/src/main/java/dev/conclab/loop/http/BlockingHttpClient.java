package dev.conclab.loop.http;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same HTTP/1.1 client as {@link LoopHttpClient}, in plain blocking style: {@link #send}
 * returns when the response is there. On a virtual thread, the blocking socket calls park the
 * virtual thread and free its carrier, so ten thousand requests in flight need ten thousand
 * cheap virtual threads, not ten thousand operating-system threads, and the code stays
 * ordinary sequential Java. Same parser, same request and response types, same keep-alive pool.
 *
 * <pre>{@code
 * try (var client = new BlockingHttpClient(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
 *     Future<HttpResponse> page = threads.submit(() -> client.get(URI.create("http://127.0.0.1:8080/")));
 * }
 * }</pre>
 *
 * <p><b>Timeouts</b>: {@code connectTimeout} bounds the connect; {@code readTimeout} bounds
 * each wait for response bytes (a blocking read cannot bound the whole exchange without another
 * thread). <b>Thread-safe</b>: any number of threads may send at once; each request has its
 * connection to itself.
 */
public final class BlockingHttpClient implements AutoCloseable {

    private static final int READ_CHUNK = 16 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxResponseBytes;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    /** Connect timeout 10 s, read timeout 30 s, responses up to 64 MiB. */
    public BlockingHttpClient() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(30), 64 * 1024 * 1024);
    }

    public BlockingHttpClient(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.maxResponseBytes = maxResponseBytes;
    }

    public HttpResponse get(URI uri) throws IOException {
        return send(HttpRequest.get(uri));
    }

    public HttpResponse get(String uri) throws IOException {
        return send(HttpRequest.get(uri));
    }

    /** Sends {@code request} and returns the whole response; blocks the calling thread until then. */
    public HttpResponse send(HttpRequest request) throws IOException {
        URI uri = request.uri();
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("this client sends only to http://host[:port]/ URLs (no TLS); got " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String key = uri.getHost() + ":" + port;
        var pool = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        Connection reusedConnection = pool.pollLast();
        requests.incrementAndGet();
        if (reusedConnection != null) {
            try {
                return exchange(pool, reusedConnection, request);
            } catch (StaleConnection stale) {
                // The server closed the kept-alive connection before answering: send once more on a
                // new one, if sending twice is harmless.
                if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                    throw new IOException(stale.getMessage(), stale);
                }
            }
        }
        return exchange(pool, connect(uri.getHost(), port), request);
    }

    private Connection connect(String host, int port) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new HttpConnectTimeoutException("connecting to " + host + ":" + port + " timed out after " + connectTimeout.toMillis() + " ms");
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        opened.incrementAndGet();
        return new Connection(socket, maxResponseBytes);
    }

    private HttpResponse exchange(ConcurrentLinkedDeque<Connection> pool, Connection c, HttpRequest request) throws IOException {
        boolean reused = c.exchanges++ > 0;
        c.collector.reset();
        c.parser.reset();
        c.parser.setHeadResponse(request.method().equals("HEAD"));
        long received = 0;
        try {
            ByteBuffer head = Http1.requestHead(request, true);
            c.out.write(head.array(), head.arrayOffset() + head.position(), head.remaining());
            if (request.body().length > 0) {
                c.out.write(request.body());
            }
            c.out.flush();
            byte[] buffer = c.buffer;
            while (true) {
                int n = c.in.read(buffer);
                if (n < 0) {
                    if (received == 0 && reused) {
                        throw new StaleConnection();
                    }
                    c.parser.atEOF();
                    c.parser.parseNext(EMPTY);
                    if (!c.collector.complete) {
                        throw new IOException("the server closed the connection before the response was complete");
                    }
                    c.close();
                    return c.collector.response();
                }
                received += n;
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
                while (true) {
                    boolean stopped = c.parser.parseNext(data);
                    if (c.collector.bad != null) {
                        throw new IOException("malformed response: " + c.collector.bad.getReason());
                    }
                    if (c.collector.tooLarge) {
                        throw new IOException("response body larger than " + maxResponseBytes + " bytes");
                    }
                    if (c.collector.complete) {
                        HttpResponse response = c.collector.response();
                        if (c.collector.reusable(c.parser) && !data.hasRemaining() && !closed) {
                            pool.add(c);
                        } else {
                            c.close();
                        }
                        return response;
                    }
                    if (!stopped && !data.hasRemaining()) {
                        break;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            c.close();
            throw new HttpTimeoutException("no response bytes for " + readTimeout.toMillis() + " ms from " + request.uri());
        } catch (IOException | RuntimeException e) {
            c.close();
            if (reused && received == 0 && !(e instanceof StaleConnection)) {
                throw new StaleConnection();
            }
            throw e;
        }
    }

    /** Connections opened so far. */
    public long connectionsOpened() {
        return opened.get();
    }

    public long requests() {
        return requests.get();
    }

    /** Closes the idle connections; requests in flight finish on theirs, which are then closed. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(pool -> {
            Connection c;
            while ((c = pool.poll()) != null) {
                c.close();
            }
        });
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final MessageCollector.Responses collector;
        final HttpParser parser;
        final byte[] buffer = new byte[READ_CHUNK];
        int exchanges;

        Connection(Socket socket, int maxResponseBytes) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            this.collector = new MessageCollector.Responses(maxResponseBytes);
            this.parser = new HttpParser(collector, 64 * 1024, HttpCompliance.RFC9110);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the kept-alive connection was closed by the server");
        }
    }
}
