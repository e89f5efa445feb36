package dev.conclab.lab.workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Finds how many iterations of a {@link CpuKernel} take a chosen time on this machine.
 *
 * <p>The kernel is first run until the JIT compiler has had time to compile it, then
 * timed with growing sizes until a run is long enough to time reliably; the iteration
 * count follows from that rate and is checked by timing it again (median of five).
 * The checked median is the unit's "known cost" that limits are computed from.
 *
 * <p>Results are cached per kernel and target for the life of the JVM, so a tour that
 * runs several chapters calibrates each kernel once. This class is thread-safe.
 */
public final class Calibration {

    /** The calibrated size of one unit of a kernel, and its measured cost. */
    public record Result(String kernel, long iterations, long unitNanos, long targetNanos) {
    }

    private static final long WARM_UP_NANOS = Duration.ofMillis(300).toNanos();
    private static final long RELIABLE_NANOS = Duration.ofMillis(20).toNanos();
    private static final int CHECK_RUNS = 5;

    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

    /** Kept to stop the JIT from discarding kernel results it could otherwise prove unused. */
    private static volatile long sink;

    private Calibration() {
    }

    /** Calibrates {@code kernel} so that one unit takes about {@code target}, or returns the cached result. */
    public static Result of(CpuKernel kernel, Duration target) {
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("calibration target must be positive, got " + target);
        }
        return CACHE.computeIfAbsent(kernel.id() + "@" + target.toNanos(), key -> calibrate(kernel, target.toNanos(), System::nanoTime));
    }

    /** The calibration itself, against {@code clock} (tests give a clock the kernel advances). */
    static Result calibrate(CpuKernel kernel, long targetNanos, LongSupplier clock) {
        long iterations = kernel.minimumIterations();
        long warmUpEnd = clock.getAsLong() + WARM_UP_NANOS;
        while (clock.getAsLong() < warmUpEnd) {
            sink += kernel.run(0, iterations);
        }
        long elapsed;
        while ((elapsed = time(kernel, iterations, clock)) < RELIABLE_NANOS) {
            iterations *= elapsed <= 0 ? 16 : Math.max(2, Math.min(16, RELIABLE_NANOS / elapsed + 1));
        }
        iterations = scale(iterations, targetNanos, elapsed, kernel.minimumIterations());
        long median = medianTime(kernel, iterations, clock);
        // One correction: the first estimate was made at a different size, where per-call
        // overhead and cache effects weigh differently.
        if (Math.abs(median - targetNanos) > targetNanos / 10) {
            iterations = scale(iterations, targetNanos, median, kernel.minimumIterations());
            median = medianTime(kernel, iterations, clock);
        }
        return new Result(kernel.id(), iterations, median, targetNanos);
    }

    private static long scale(long iterations, long targetNanos, long measuredNanos, long minimum) {
        double rate = (double) iterations / Math.max(1, measuredNanos);
        return Math.max(minimum, Math.round(rate * targetNanos));
    }

    private static long medianTime(CpuKernel kernel, long iterations, LongSupplier clock) {
        long[] times = new long[CHECK_RUNS];
        for (int i = 0; i < times.length; i++) {
            times[i] = time(kernel, iterations, clock);
        }
        Arrays.sort(times);
        return times[CHECK_RUNS / 2];
    }

    private static long time(CpuKernel kernel, long iterations, LongSupplier clock) {
        long start = clock.getAsLong();
        sink += kernel.run(1, iterations);
        return clock.getAsLong() - start;
    }
}
