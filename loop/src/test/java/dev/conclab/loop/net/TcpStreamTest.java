package dev.conclab.loop.net;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60) // deadlock guard only
class TcpStreamTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void anEchoServerAndClientExchangeLinesExactBytesAndSeeEndOfStream() throws Exception {
        try (var loop = EventLoop.create()) {
            var server = TcpServer.start(loop, LOOPBACK, stream -> echo(loop, stream));
            List<String> got = loop.runMain(() -> TcpStream.connect(loop, "127.0.0.1", server.port()).then(client -> {
                client.write("hello\r\nworld\n".getBytes(StandardCharsets.UTF_8));
                client.write("12345".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                var lines = new ArrayList<String>();
                return client.readLine().then(a -> {
                    lines.add(a);
                    return client.readLine();
                }).then(b -> {
                    lines.add(b);
                    return client.readExactly(3);
                }).then(three -> {
                    lines.add(new String(three, StandardCharsets.UTF_8));
                    return client.readExactly(5);
                }).recoverWith(e -> {
                    lines.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    return loop.completed(new byte[0]);
                }).map(rest -> {
                    lines.add("eof=" + client.atEof());
                    client.close();
                    return lines;
                });
            }));
            assertThat(got).containsExactly("hello", "world", "123", "EOFException: end of stream after 2 of 5 bytes", "eof=true");
            server.close();
        }
    }

    private static void echo(EventLoop loop, TcpStream stream) {
        stream.read(4096).whenDone(f -> {
            ByteBuffer data = f.result();
            if (!data.hasRemaining()) {
                stream.close();
                return;
            }
            stream.write(data);
            stream.drain().whenDone(d -> echo(loop, stream));
        });
    }

    @Test
    void aSlowReaderKeepsTheWritersBufferBoundedByTheHighWaterMark() throws Exception {
        int chunk = 16 * 1024;
        int chunks = 1024; // 16 MiB through a reader that takes 64 KiB every few milliseconds
        try (var loop = EventLoop.create(); var slowReader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = slowReader.accept(); InputStream in = s.getInputStream()) {
                    s.setReceiveBufferSize(64 * 1024);
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        total += n;
                        Thread.sleep(1);
                    }
                    return total;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long[] peakAfterDrain = {0};
            TcpStream stream = loop.runMain(() -> TcpStream.connect(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), slowReader.getLocalPort()))
                    .then(s -> writeAll(loop, s, new byte[chunk], chunks, peakAfterDrain).map(v -> s)));
            loop.runMain(() -> {
                stream.close();
                return stream.closed();
            });
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo((long) chunk * chunks);
            // drain() let the writer go on only below the high-water mark, so the buffer never held
            // more than that plus the one write after it, though 16 MiB went through.
            assertThat(stream.peakBufferedOutput()).isLessThanOrEqualTo(TcpStream.DEFAULT_HIGH_WATER + chunk);
            assertThat(peakAfterDrain[0]).isLessThanOrEqualTo(TcpStream.DEFAULT_HIGH_WATER);
        }
    }

    private static LoopFuture<Void> writeAll(EventLoop loop, TcpStream s, byte[] chunk, int left, long[] peakAfterDrain) {
        if (left == 0) {
            return loop.completed(null);
        }
        s.write(chunk);
        return s.drain().then(v -> {
            peakAfterDrain[0] = Math.max(peakAfterDrain[0], s.bufferedOutput());
            return writeAll(loop, s, chunk, left - 1, peakAfterDrain);
        });
    }

    @Test
    void aReaderThatDoesNotReadMakesTheStreamStopReadingFromTheSocket() throws Exception {
        try (var loop = EventLoop.create(); var fastWriter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var writer = Thread.ofPlatform().start(() -> {
                try (Socket s = fastWriter.accept()) {
                    byte[] data = new byte[64 * 1024];
                    for (int i = 0; i < 64; i++) {
                        s.getOutputStream().write(data); // blocks once the loop stops reading: 4 MiB would not fit
                    }
                } catch (Exception e) {
                    // The test closes the connection before all is written: expected.
                }
            });
            TcpStream stream = loop.runMain(() -> TcpStream.connect(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), fastWriter.getLocalPort()))
                    .then(s -> untilPaused(loop, s, 500)));
            assertThat(stream.readingPaused()).isTrue();
            assertThat(stream.bufferedInput()).isLessThanOrEqualTo(2 * TcpStream.DEFAULT_READ_LIMIT + 64 * 1024);
            ByteBuffer first = loop.runMain(() -> stream.read(1 << 20));
            assertThat(first.remaining()).isPositive();
            stream.abort();
            writer.join(10_000);
        }
    }

    /** Lets the loop read (nobody consumes) until the stream pauses, for at most {@code turns} x 10 ms. */
    private static LoopFuture<TcpStream> untilPaused(EventLoop loop, TcpStream s, int turns) {
        if (s.readingPaused() || turns == 0) {
            return loop.completed(s);
        }
        return loop.sleep(Duration.ofMillis(10)).then(v -> untilPaused(loop, s, turns - 1));
    }

    @Test
    void cancellingAPendingReadWithdrawsItAndLosesNoData() throws Exception {
        try (var loop = EventLoop.create()) {
            var accepted = new ArrayList<TcpStream>();
            var server = TcpServer.start(loop, LOOPBACK, accepted::add);
            TcpStream client = loop.runMain(() -> TcpStream.connect(loop, "127.0.0.1", server.port()));
            var timedOut = Async.waitFor(client.readExactly(4), Duration.ofMillis(20));
            assertThatThrownBy(() -> loop.runUntilComplete(timedOut)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
            accepted.getFirst().write("data".getBytes(StandardCharsets.UTF_8));
            byte[] data = loop.runMain(() -> client.readExactly(4));
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("data");
            client.abort();
            accepted.getFirst().abort();
            server.close();
        }
    }

    @Test
    void cancellingPendingConnectsClosesTheirSockets() throws Exception {
        // A listener that never accepts, with its accept queue filled: Linux drops further SYNs,
        // so new connects stay pending until cancelled.
        try (var loop = EventLoop.create(); var full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var fillers = new ArrayList<Socket>();
            for (int i = 0; i < 3; i++) {
                var s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                    fillers.add(s);
                } catch (java.io.IOException e) {
                    s.close();
                    break;
                }
            }
            long before = openFiles();
            var connects = new ArrayList<LoopFuture<TcpStream>>();
            for (int i = 0; i < 20; i++) {
                connects.add(TcpStream.connect(loop, (InetSocketAddress) full.getLocalSocketAddress()));
            }
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(100)));
            assertThat(connects).allSatisfy(c -> assertThat(c.isDone()).isFalse());
            assertThat(openFiles()).isGreaterThanOrEqualTo(before + 20);

            connects.forEach(LoopFuture::cancel);
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            assertThat(connects).allSatisfy(c -> assertThat(c.isCancelled()).isTrue());
            assertThat(openFiles()).isLessThanOrEqualTo(before);
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    static long openFiles() {
        return ((com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }

    @Test
    void aRefusedConnectFailsTheFuture() throws Exception {
        int freePort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        try (var loop = EventLoop.create()) {
            assertThatThrownBy(() -> loop.runMain(() -> TcpStream.connect(loop, "127.0.0.1", freePort)))
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void readUntilFailsAtEndOfStreamWithoutTheSeparator() throws Exception {
        try (var loop = EventLoop.create()) {
            var server = TcpServer.start(loop, LOOPBACK, s -> {
                s.write("no separator".getBytes(StandardCharsets.UTF_8));
                s.close();
            });
            assertThatThrownBy(() -> loop.runMain(() -> TcpStream.connect(loop, "127.0.0.1", server.port())
                    .then(c -> c.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))))
                    .hasRootCauseInstanceOf(EOFException.class);
            server.close();
        }
    }
}
