package dev.conclab.virtual;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load generator for the echo server: {@code connections} virtual threads, each making
 * blocking fetches one after another until it has made {@code requests} or the time is up.
 * Bounded in count and in time, and only aimed at loopback addresses, so it can be pointed at
 * nothing but this machine.
 */
public final class EchoLoad {

    /**
     * @param completed fetches answered correctly
     * @param failed    fetches that failed (refused, timed out, wrong answer)
     * @param firstError the first failure's message, or null
     */
    public record Result(int connections, int completed, int failed, long wallNanos, long p50Nanos, long p99Nanos,
                         long maxNanos, String firstError) {

        public double perSecond() {
            return wallNanos == 0 ? 0 : completed / (wallNanos / 1e9);
        }
    }

    private EchoLoad() {
    }

    /**
     * @throws IllegalArgumentException if {@code target} is not a loopback address, or a bound is not positive
     */
    public static Result run(InetSocketAddress target, int connections, int requests, Duration maxTime) throws InterruptedException {
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the load generator only targets loopback addresses (127.0.0.0/8, ::1), not " + target);
        }
        if (connections < 1 || requests < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("connections, requests and the time limit must be positive");
        }
        long deadline = System.nanoTime() + maxTime.toNanos();
        var fetch = new EchoFetch(target, maxTime);
        var histogram = new org.HdrHistogram.ConcurrentHistogram(3);
        var completed = new AtomicInteger();
        var failed = new AtomicInteger();
        var firstError = new AtomicReference<String>();
        long t0 = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                long base = (long) c * requests;
                executor.submit(() -> {
                    for (int r = 0; r < requests && System.nanoTime() < deadline; r++) {
                        long start = System.nanoTime();
                        try {
                            fetch.fetch(base + r);
                            histogram.recordValue(System.nanoTime() - start);
                            completed.incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.getMessage());
                        }
                    }
                });
            }
        }
        long wall = System.nanoTime() - t0;
        Histogram h = histogram;
        return new Result(connections, completed.get(), failed.get(), wall, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue(), firstError.get());
    }
}
