package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import dev.conclab.gil.GilRuntime;
import dev.conclab.gil.GilStats;
import dev.conclab.gil.GilThread;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The convoy effect, measured: an I/O thread of a {@link GilRuntime} answers requests on a
 * loopback socket (an echo server) while zero or more CPU-bound threads of the same runtime
 * compute. A client outside the runtime (a plain Java thread: the outside world) sends one
 * 64-byte request at a time, {@link #THINK_TIME} after the last answer, and times each answer.
 *
 * <p>Under a GIL every answer costs the I/O thread the GIL twice (after the read and after the
 * write, both blocking calls that release it), and with a CPU hog holding the GIL each take
 * waits about one switch interval: the hog's eval breaker lets the I/O thread in only when it
 * asks, and it asks only after a whole interval. That is David Beazley's convoy effect.
 *
 * <p>Bounded: loopback only, one connection, at most {@code maxRequests} requests in
 * {@code window}, sockets time out after {@link #SOCKET_TIMEOUT}; every thread is stopped and
 * joined before {@link #run} returns.
 */
public final class EchoConvoy {

    static final int MESSAGE_BYTES = 64;
    /**
     * Requests sent back to back before the measured ones, so that the JIT has compiled the path;
     * at most {@link #WARM_UP_TIME} of them, which matters at long switch intervals.
     */
    static final int WARM_UP_REQUESTS = 20;
    static final Duration WARM_UP_TIME = Duration.ofMillis(100);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The client's pause between an answer and the next request. Requests then arrive while the
     * I/O thread waits in its read, as they do at a server, and not the instant it has answered,
     * when it would often take the GIL back before the woken CPU hog could.
     */
    static final Duration THINK_TIME = Duration.ofMillis(1);

    /**
     * What one convoy run measured.
     *
     * @param requests      answered requests in the window
     * @param p50Nanos      round-trip time as the client saw it, median
     * @param p90Nanos      ... 90th percentile
     * @param p99Nanos      ... 99th percentile
     * @param maxNanos      ... slowest
     * @param hogCores      CPU work the hogs got done, in cores (1.0 = one core's worth for the
     *                      whole window); null without hogs
     * @param windowNanos   how long the client measured
     * @param gil           what the GIL did over the whole run (warm-up included)
     */
    public record Result(int requests, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos, Double hogCores,
                         long windowNanos, GilStats gil) {

        /** How often the GIL changed hands per second of the window. */
        public double switchesPerSecond() {
            return gil.switches() * 1e9 / Math.max(1, windowNanos);
        }
    }

    private EchoConvoy() {
    }

    /**
     * Runs the I/O thread next to {@code hogs} CPU hogs under a runtime with {@code options}.
     *
     * @throws IOException if the loopback connection fails
     * @throws ExecutionException if a thread of the runtime failed (its failure is the cause)
     */
    public static Result run(GilOptions options, int hogs, CpuHog hog, Duration window, int maxRequests)
            throws IOException, ExecutionException, InterruptedException {
        if (hogs < 0 || maxRequests < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need hogs >= 0, maxRequests >= 1 and a positive window");
        }
        var stop = new AtomicBoolean();
        var slices = new LongAdder();
        var threads = new ArrayList<GilThread<?>>();
        // Closed in reverse order: the server first, so an I/O thread still in accept() ends at once.
        try (var python = new GilRuntime(options); var server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            try {
                threads.add(python.start("io", () -> serve(server)));
                for (int i = 0; i < hogs; i++) {
                    threads.add(python.start("cpu-hog-" + i, () -> compute(hog, stop, slices)));
                }
                Measured measured = client(server.getLocalPort(), window, maxRequests, slices);
                Double cores = hogs == 0 ? null : measured.slices * hog.sliceNanos() / measured.windowNanos;
                var histogram = new Histogram(3);
                Arrays.stream(measured.latencies).forEach(v -> histogram.recordValue(Math.max(0, v)));
                joinAll(threads, stop);
                return new Result(measured.latencies.length, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                        histogram.getValueAtPercentile(99), histogram.getMaxValue(), cores, measured.windowNanos,
                        python.stats());
            } finally {
                stop.set(true);
            }
        }
    }

    private record Measured(long[] latencies, long slices, long windowNanos) {
    }

    /** The outside world: one request at a time, each timed from send to full answer. */
    private static Measured client(int port, Duration window, int maxRequests, LongAdder slices) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] message = new byte[MESSAGE_BYTES];
            Arrays.fill(message, (byte) 'x');
            long warmUpEnd = System.nanoTime() + WARM_UP_TIME.toNanos();
            for (int i = 0; i < WARM_UP_REQUESTS && System.nanoTime() < warmUpEnd; i++) {
                roundTrip(out, in, message);
            }
            long[] latencies = new long[maxRequests];
            int count = 0;
            long slicesBefore = slices.sum();
            long start = System.nanoTime();
            long end = start + window.toNanos();
            while (count < maxRequests && System.nanoTime() < end) {
                latencies[count++] = roundTrip(out, in, message);
                try {
                    Thread.sleep(THINK_TIME);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the convoy client was interrupted");
                }
            }
            long elapsed = System.nanoTime() - start;
            long done = slices.sum() - slicesBefore;
            return new Measured(Arrays.copyOf(latencies, count), done, elapsed);
        }
    }

    private static long roundTrip(OutputStream out, InputStream in, byte[] message) throws IOException {
        long started = System.nanoTime();
        out.write(message);
        out.flush();
        byte[] answer = in.readNBytes(message.length);
        if (answer.length != message.length) {
            throw new IOException("the echo server closed the connection after " + answer.length + " bytes");
        }
        return System.nanoTime() - started;
    }

    /** The I/O thread: accept one connection and echo until the client closes it. */
    private static Void serve(ServerSocket server) throws IOException {
        try (Socket connection = GilRuntime.blocking(server::accept)) {
            connection.setTcpNoDelay(true);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[MESSAGE_BYTES];
            while (true) {
                int n = GilRuntime.blocking(() -> in.read(buffer));   // socket.recv releases the GIL
                if (n < 0) {
                    return null;
                }
                GilRuntime.blocking(() -> {                            // so does socket.sendall
                    out.write(buffer, 0, n);
                    out.flush();
                    return null;
                });
            }
        }
    }

    /** A CPU hog: slices of work until told to stop; returns a checksum so the work cannot be optimised away. */
    private static long compute(CpuHog hog, AtomicBoolean stop, LongAdder slices) {
        int k = 0;
        long checksum = 0;
        while (!stop.get()) {
            checksum += hog.kernel().run(k++, hog.iterations());
            slices.increment();
        }
        return checksum;
    }

    private static void joinAll(List<GilThread<?>> threads, AtomicBoolean stop)
            throws ExecutionException, InterruptedException {
        stop.set(true);
        for (GilThread<?> thread : threads) {
            thread.join();
        }
    }
}
