package dev.conclab.loop.net;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopDiagnostic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A listening TCP socket on an {@link EventLoop} ({@code asyncio.start_server}): every accepted
 * connection becomes a {@link TcpStream} handed to the connection handler on the loop thread.
 *
 * <p>When accepting fails (most often: too many open files), the failure is reported to the
 * loop's diagnostics and accepting pauses for 100 ms instead of spinning, as asyncio does; the
 * server goes on afterwards. {@link #close()} stops accepting; connections already accepted
 * stay open, owned by whoever handles them.
 *
 * <p>Loop-bound: start and close it on the loop thread (or before the loop runs).
 */
public final class TcpServer implements AutoCloseable {

    /** Backlog asked for by default; the kernel caps it (net.core.somaxconn on Linux). */
    public static final int DEFAULT_BACKLOG = 4096;
    private static final int ACCEPTS_PER_TURN = 512;
    private static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final SelectionKey key;
    private final Consumer<TcpStream> onConnection;
    private final InetSocketAddress address;
    private long accepted;
    private boolean closed;

    private TcpServer(EventLoop loop, ServerSocketChannel channel, Consumer<TcpStream> onConnection) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.onConnection = onConnection;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.key = loop.register(channel, SelectionKey.OP_ACCEPT, k -> acceptSome());
    }

    /** Listens on {@code address} (port 0 picks a free port) with the default backlog. */
    public static TcpServer start(EventLoop loop, InetSocketAddress address, Consumer<TcpStream> onConnection) throws IOException {
        return start(loop, address, DEFAULT_BACKLOG, onConnection);
    }

    public static TcpServer start(EventLoop loop, InetSocketAddress address, int backlog, Consumer<TcpStream> onConnection)
            throws IOException {
        Objects.requireNonNull(onConnection, "onConnection");
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, backlog);
            return new TcpServer(loop, channel, onConnection);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The address the server listens on, with the port the system chose for port 0. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted;
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_TURN && !closed; i++) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.IO_FAILURE, "accepting a connection on " + address
                        + " failed; pausing accepts for " + ACCEPT_PAUSE.toMillis() + " ms", e, List.of()));
                key.interestOps(0);
                loop.callLater(ACCEPT_PAUSE, () -> {
                    if (!closed && key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (client == null) {
                return;
            }
            accepted++;
            TcpStream stream;
            try {
                stream = TcpStream.accepted(loop, client);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            try {
                onConnection.accept(stream);
            } catch (RuntimeException e) {
                stream.abort();
                loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.CALLBACK_FAILED, "the connection handler of " + address + " threw",
                        e, List.of(e.getStackTrace())));
            }
        }
    }

    /** Stops accepting; open connections are not touched. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do.
        }
    }

    @Override
    public String toString() {
        return "TcpServer[" + address + (closed ? ", closed" : "") + ", accepted " + accepted + "]";
    }
}
