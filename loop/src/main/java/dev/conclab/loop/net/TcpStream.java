package dev.conclab.loop.net;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP connection on an {@link EventLoop}: asyncio's {@code StreamReader} and
 * {@code StreamWriter} in one object, with the same flow control.
 *
 * <p><b>Reading.</b> The loop reads whatever arrives into the stream's buffer, whether or not
 * someone is reading. When more than twice the {@linkplain #setReadLimit read limit} (64 KiB) is
 * buffered, the stream stops reading from the socket, so a fast sender is slowed down by TCP
 * itself, and starts again when the buffer falls to the limit. One read may be pending at a
 * time. Cancelling a pending read withdraws it; no data is lost.
 *
 * <p><b>Writing.</b> {@link #write} never waits: it writes what the socket takes now and
 * buffers the rest. {@link #drain()} is the back-pressure: it completes at once while the buffer
 * is below the high-water mark (64 KiB), else when it has fallen to the low-water mark (16 KiB).
 * A writer that drains after each write keeps the buffer bounded however slow the reader is:
 *
 * <pre>{@code
 * LoopFuture<Void> send(TcpStream out, Iterator<byte[]> chunks) {
 *     if (!chunks.hasNext()) return loop.completed(null);
 *     out.write(chunks.next());
 *     return out.drain().then(v -> send(out, chunks));
 * }
 * }</pre>
 *
 * <p><b>Closing.</b> {@link #close()} sends what is buffered, then closes; {@link #abort()}
 * closes now. A connection lost to an error fails the pending read and drain with that error.
 * {@link #closed()} completes when the socket is closed.
 *
 * <p>Loop-bound: use a stream on its loop's thread.
 */
public final class TcpStream implements AutoCloseable {

    /** asyncio's default {@code limit}: reading pauses above twice this. */
    public static final int DEFAULT_READ_LIMIT = 64 * 1024;
    /** asyncio's default high-water mark of a transport's write buffer. */
    public static final int DEFAULT_HIGH_WATER = 64 * 1024;
    /** asyncio's default low-water mark (a quarter of the high-water mark). */
    public static final int DEFAULT_LOW_WATER = 16 * 1024;

    private static final int MAX_GATHER = 64;

    private enum ReadKind { SOME, EXACTLY, UNTIL, LINE }

    private record PendingRead(ReadKind kind, int n, byte[] separator, LoopFuture<Object> future) {
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SocketAddress remote;

    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private int inboundBytes;
    private boolean eof;
    private IOException lostWith;
    private PendingRead pendingRead;
    private int readLimit = DEFAULT_READ_LIMIT;
    private boolean readingPaused;

    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private long outboundBytes;
    private long peakOutboundBytes;
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_LOW_WATER;
    private boolean writingPaused;
    private final List<LoopFuture<Void>> drainWaiters = new ArrayList<>(1);
    private boolean shutdownOutputRequested;
    private boolean closeRequested;
    private boolean closed;
    private final LoopFuture<Void> closedFuture;
    private long bytesRead;
    private long bytesWritten;

    /** Wraps a connected, non-blocking channel; registers it with the loop for reading. */
    TcpStream(EventLoop loop, SocketChannel channel) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.remote = channel.getRemoteAddress();
        this.closedFuture = loop.createFuture();
        this.key = loop.register(channel, SelectionKey.OP_READ, this::ready);
    }

    /**
     * {@code asyncio.open_connection(host, port)}. A host that is not an IP literal is looked up
     * on a virtual thread ({@link EventLoop#runInExecutor}), because name lookup blocks.
     * Cancelling the future closes the half-open socket.
     */
    public static LoopFuture<TcpStream> connect(EventLoop loop, String host, int port) {
        InetAddress literal = literal(host);
        if (literal != null) {
            return connect(loop, new InetSocketAddress(literal, port));
        }
        return loop.runInExecutor(() -> InetAddress.getByName(host))
                .then(address -> connect(loop, new InetSocketAddress(address, port)));
    }

    /** Connects to a resolved address; cancelling the future closes the socket. */
    public static LoopFuture<TcpStream> connect(EventLoop loop, InetSocketAddress address) {
        LoopFuture<TcpStream> f = loop.createFuture();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                f.tryComplete(new TcpStream(loop, channel));
                return f;
            }
            SocketChannel connecting = channel;
            SelectionKey key = loop.register(channel, SelectionKey.OP_CONNECT, k -> {
                try {
                    connecting.finishConnect();
                    k.interestOps(0);
                    if (!f.tryComplete(new TcpStream(loop, connecting))) {
                        closeQuietly(connecting);
                    }
                } catch (IOException e) {
                    closeQuietly(connecting);
                    f.tryFail(e instanceof java.net.ConnectException ? e
                            : new java.net.ConnectException("cannot connect to " + address + ": " + e.getMessage()));
                }
            });
            f.onCancel(() -> {
                key.cancel();
                closeQuietly(connecting);
            });
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            f.tryFail(e);
        }
        return f;
    }

    static TcpStream accepted(EventLoop loop, SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new TcpStream(loop, channel);
    }

    // ---------------------------------------------------------------- reading

    /**
     * {@code reader.read(n)}: up to {@code max} bytes, as soon as any are there; an empty buffer
     * at end of stream.
     */
    public LoopFuture<ByteBuffer> read(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        return castRead(startRead(ReadKind.SOME, max, null));
    }

    /** {@code reader.readexactly(n)}: exactly {@code n} bytes; fails with {@link EOFException} if the stream ends first. */
    public LoopFuture<byte[]> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        return castRead(startRead(ReadKind.EXACTLY, n, null));
    }

    /**
     * {@code reader.readuntil(separator)}: the bytes up to and including {@code separator}. Fails
     * with {@link EOFException} if the stream ends first, or with an {@link IOException} if the
     * read limit is reached without finding it.
     */
    public LoopFuture<byte[]> readUntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("the separator must not be empty");
        }
        return castRead(startRead(ReadKind.UNTIL, 0, separator.clone()));
    }

    /**
     * {@code reader.readline()} as text: one UTF-8 line without its line end; at end of stream
     * the last, unterminated line, then null.
     */
    public LoopFuture<String> readLine() {
        LoopFuture<byte[]> line = castRead(startRead(ReadKind.LINE, 0, new byte[]{'\n'}));
        return line.map(bytes -> {
            if (bytes == null) {
                return null;
            }
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') {
                end--;
                if (end > 0 && bytes[end - 1] == '\r') {
                    end--;
                }
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        });
    }

    /** Whether the peer has closed its side and every byte it sent has been read. */
    public boolean atEof() {
        return eof && inboundBytes == 0;
    }

    @SuppressWarnings("unchecked")
    private static <T> LoopFuture<T> castRead(LoopFuture<Object> f) {
        return (LoopFuture<T>) (LoopFuture<?>) f;
    }

    private LoopFuture<Object> startRead(ReadKind kind, int n, byte[] separator) {
        if (pendingRead != null) {
            throw new IllegalStateException("another read is already waiting on this stream; one reader at a time");
        }
        LoopFuture<Object> f = loop.createFuture();
        var read = new PendingRead(kind, n, separator, f);
        pendingRead = read;
        f.onCancel(() -> {
            if (pendingRead == read) {
                pendingRead = null;
            }
        });
        serveRead();
        return f;
    }

    private void serveRead() {
        PendingRead read = pendingRead;
        if (read == null) {
            return;
        }
        switch (read.kind) {
            case SOME -> {
                if (inboundBytes > 0) {
                    finishRead(read, take(Math.min(read.n, inboundBytes)));
                } else if (lostWith != null) {
                    failRead(read, lostWith);
                } else if (eof) {
                    finishRead(read, ByteBuffer.allocate(0));
                }
            }
            case EXACTLY -> {
                if (inboundBytes >= read.n) {
                    finishRead(read, toArray(take(read.n)));
                } else if (lostWith != null) {
                    failRead(read, lostWith);
                } else if (eof) {
                    int got = inboundBytes;
                    take(got);
                    failRead(read, new EOFException("end of stream after " + got + " of " + read.n + " bytes"));
                }
            }
            case UNTIL, LINE -> {
                int at = indexOf(read.separator);
                if (at >= 0) {
                    finishRead(read, toArray(take(at + read.separator.length)));
                } else if (lostWith != null) {
                    failRead(read, lostWith);
                } else if (eof && read.kind == ReadKind.LINE) {
                    finishRead(read, inboundBytes == 0 ? null : toArray(take(inboundBytes)));
                } else if (eof) {
                    int got = inboundBytes;
                    take(got);
                    failRead(read, new EOFException("end of stream after " + got + " bytes without the separator"));
                } else if (inboundBytes > readLimit) {
                    failRead(read, new IOException("separator not found within the read limit of " + readLimit + " bytes"));
                }
            }
        }
    }

    private void finishRead(PendingRead read, Object value) {
        pendingRead = null;
        read.future.tryComplete(value);
        resumeReadingIfDrained();
    }

    private void failRead(PendingRead read, IOException e) {
        pendingRead = null;
        read.future.tryFail(e);
    }

    private ByteBuffer take(int n) {
        inboundBytes -= n;
        ByteBuffer first = inbound.peek();
        if (first != null && first.remaining() == n) {
            return inbound.poll();
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        while (out.hasRemaining()) {
            ByteBuffer chunk = inbound.peek();
            if (chunk.remaining() <= out.remaining()) {
                out.put(inbound.poll());
            } else {
                int limit = chunk.limit();
                chunk.limit(chunk.position() + out.remaining());
                out.put(chunk);
                chunk.limit(limit);
            }
        }
        return out.flip();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0 && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Where {@code separator} starts in the buffered input, or -1; merges the buffered chunks into one first. */
    private int indexOf(byte[] separator) {
        if (inbound.size() > 1) {
            ByteBuffer merged = ByteBuffer.allocate(inboundBytes);
            inbound.forEach(merged::put);
            inbound.clear();
            inbound.add(merged.flip());
        }
        ByteBuffer data = inbound.peek();
        if (data == null) {
            return -1;
        }
        outer:
        for (int i = data.position(); i <= data.limit() - separator.length; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (data.get(i + j) != separator[j]) {
                    continue outer;
                }
            }
            return i - data.position();
        }
        return -1;
    }

    // ---------------------------------------------------------------- writing

    /**
     * {@code writer.write(data)}: sends {@code data}, buffering what the socket does not take
     * now (the bytes are copied; the caller may reuse the buffer). Never waits. Writes after
     * {@link #close()} or after the connection was lost are dropped, and {@link #drain()} reports the loss.
     */
    public void write(ByteBuffer data) {
        if (closed || closeRequested || shutdownOutputRequested) {
            return;
        }
        if (outbound.isEmpty()) {
            try {
                bytesWritten += channel.write(data);
            } catch (IOException e) {
                connectionLost(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        outbound.add(copy);
        outboundBytes += copy.remaining();
        peakOutboundBytes = Math.max(peakOutboundBytes, outboundBytes);
        interest(SelectionKey.OP_WRITE, true);
        if (outboundBytes > highWater) {
            writingPaused = true;
        }
    }

    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /**
     * {@code await writer.drain()}: completes when the write buffer is at or below the low-water
     * mark (at once if writing is not paused); fails if the connection was lost.
     */
    public LoopFuture<Void> drain() {
        if (lostWith != null) {
            return loop.failed(lostWith);
        }
        if (!writingPaused || closed) {
            return loop.completed(null);
        }
        LoopFuture<Void> waiter = loop.createFuture();
        drainWaiters.add(waiter);
        waiter.onCancel(() -> drainWaiters.remove(waiter));
        return waiter;
    }

    /** Bytes written but not yet taken by the socket. */
    public long bufferedOutput() {
        return outboundBytes;
    }

    /** The most bytes that were ever waiting in the write buffer. */
    public long peakBufferedOutput() {
        return peakOutboundBytes;
    }

    /** Bytes received but not yet read. */
    public int bufferedInput() {
        return inboundBytes;
    }

    /** Whether the stream has stopped reading from the socket because its buffer is full. */
    public boolean readingPaused() {
        return readingPaused;
    }

    /** {@code transport.set_write_buffer_limits(high, low)}. */
    public void setWriteLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high " + high + ", low " + low);
        }
        this.highWater = high;
        this.lowWater = low;
    }

    /** The read buffer's limit; reading pauses above twice this. */
    public void setReadLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the read limit must be >= 1, got " + limit);
        }
        this.readLimit = limit;
    }

    /** {@code writer.write_eof()}: closes the sending side once the buffer is sent; reading goes on. */
    public void shutdownOutput() {
        shutdownOutputRequested = true;
        if (outbound.isEmpty() && !closed) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                connectionLost(e);
            }
        }
    }

    // ---------------------------------------------------------------- closing

    /** {@code writer.close()}: sends what is buffered, then closes. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (outbound.isEmpty()) {
            closeNow(null);
        } else {
            closeRequested = true;
            interest(SelectionKey.OP_READ, false);
        }
    }

    /** {@code transport.abort()}: closes now, dropping what is buffered. */
    public void abort() {
        closeNow(null);
    }

    /** {@code writer.wait_closed()}: completes when the socket is closed. */
    public LoopFuture<Void> closed() {
        return closedFuture;
    }

    public boolean isClosed() {
        return closed;
    }

    public SocketAddress remoteAddress() {
        return remote;
    }

    public EventLoop loop() {
        return loop;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    private void ready(SelectionKey k) {
        if (k.isValid() && k.isReadable()) {
            onReadable();
        }
        if (k.isValid() && k.isWritable()) {
            onWritable();
        }
    }

    private void onReadable() {
        ByteBuffer buffer = loop.readBuffer();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            connectionLost(e);
            return;
        }
        if (n < 0) {
            eof = true;
            interest(SelectionKey.OP_READ, false);
            serveRead();
            return;
        }
        if (n == 0) {
            return;
        }
        bytesRead += n;
        byte[] copy = new byte[n];
        buffer.flip().get(copy);
        inbound.add(ByteBuffer.wrap(copy));
        inboundBytes += n;
        if (inboundBytes > 2 * readLimit) {
            readingPaused = true;
            interest(SelectionKey.OP_READ, false);
        }
        serveRead();
    }

    private void resumeReadingIfDrained() {
        if (readingPaused && inboundBytes <= readLimit && !closed && !eof && !closeRequested) {
            readingPaused = false;
            interest(SelectionKey.OP_READ, true);
        }
    }

    private void onWritable() {
        ByteBuffer[] buffers = outbound.stream().limit(MAX_GATHER).toArray(ByteBuffer[]::new);
        long n;
        try {
            n = channel.write(buffers);
        } catch (IOException e) {
            connectionLost(e);
            return;
        }
        bytesWritten += n;
        outboundBytes -= n;
        while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
            outbound.poll();
        }
        if (outbound.isEmpty()) {
            interest(SelectionKey.OP_WRITE, false);
            if (closeRequested) {
                closeNow(null);
                return;
            }
            if (shutdownOutputRequested) {
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    connectionLost(e);
                    return;
                }
            }
        }
        if (writingPaused && outboundBytes <= lowWater) {
            writingPaused = false;
            var waiters = List.copyOf(drainWaiters);
            drainWaiters.clear();
            waiters.forEach(w -> w.tryComplete(null));
        }
    }

    private void interest(int op, boolean on) {
        if (!key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    private void connectionLost(IOException e) {
        if (!closed) {
            closeNow(e);
        }
    }

    private void closeNow(IOException cause) {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        closeQuietly(channel);
        outbound.clear();
        outboundBytes = 0;
        eof = true;
        lostWith = cause;
        serveRead();
        var waiters = List.copyOf(drainWaiters);
        drainWaiters.clear();
        for (LoopFuture<Void> w : waiters) {
            if (cause != null) {
                w.tryFail(cause);
            } else {
                w.tryComplete(null);
            }
        }
        closedFuture.tryComplete(null);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do for a socket that fails to close.
        }
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TcpStream[" + remote + (closed ? ", closed" : "") + ", in " + inboundBytes + " B, out " + outboundBytes + " B]";
    }
}
