package dev.conclab.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP echo server in plain blocking style, one virtual thread per connection: what a gevent
 * {@code StreamServer} is in Python, without any patching. Each chunk it reads is written back
 * after an optional delay (a stand-in for a slow service), so clients that block on read are
 * waits of a known length.
 *
 * <p>Binds to the loopback address unless told otherwise. {@link #close()} stops accepting,
 * closes every open connection and waits for the acceptor to end. Thread-safe.
 *
 * <pre>{@code
 * try (var server = EchoServer.start(0, Duration.ofMillis(50))) {
 *     var port = server.port();
 *     ...
 * }
 * }</pre>
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Duration delay;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong echoed = new AtomicLong();
    private volatile boolean closed;

    private EchoServer(ServerSocket listener, Duration delay) {
        this.listener = listener;
        this.delay = delay;
        this.acceptor = Thread.ofVirtual().name("echo-acceptor").start(this::accept);
    }

    /** Starts a server on {@code port} (0: any free port) of the loopback address. */
    public static EchoServer start(int port, Duration delay) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), delay);
    }

    /** Starts a server on {@code address}, with a backlog large enough for thousands of connects at once. */
    public static EchoServer start(InetSocketAddress address, Duration delay) throws IOException {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delay);
        }
        var listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 16_384);
        return new EchoServer(listener, delay);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Chunks echoed so far. */
    public long echoed() {
        return echoed.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("echo-", accepted.get()).start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    // A failed accept (out of file descriptors, say) must not stop the server.
                    Thread.onSpinWait();
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (!delay.isZero()) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
                echoed.incrementAndGet();
            }
        } catch (SocketException e) {
            // The client went away, or close() closed the socket: nothing to report.
        } catch (IOException e) {
            // Same: one connection's trouble is that connection's only.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
