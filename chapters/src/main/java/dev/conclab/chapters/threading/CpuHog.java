package dev.conclab.chapters.threading;

import dev.conclab.lab.workload.Calibration;
import dev.conclab.lab.workload.CpuKernel;
import dev.conclab.lab.workload.SumOfSquares;

import java.time.Duration;

/**
 * A thread's worth of endless CPU work, done in slices so that the work done in a window of
 * time can be counted: {@code slices x sliceNanos / window} is how much of a core the hog got.
 *
 * @param kernel     the work, checking the GIL's eval breaker as it goes
 * @param iterations kernel iterations per slice
 * @param sliceNanos the best time one slice took on this machine, run alone: the cost of the
 *                   work without any interference, so that "1.0 cores" means a core's full speed
 */
public record CpuHog(CpuKernel kernel, long iterations, double sliceNanos) {

    /** Slices per calibrated unit: fine enough to count work in windows of a fraction of a second. */
    static final int SLICES_PER_UNIT = 10;
    private static final int TIMED_SLICES = 31;

    private static volatile long sink;

    /** Sum of squares in eval-loop steps, in slices of about a tenth of {@code unit}. */
    public static CpuHog sumOfSquares(Duration unit) {
        EvalLoopKernel kernel = GilWorkloads.evalLoop(new SumOfSquares(), unit);
        long iterations = Math.max(1, Calibration.of(kernel, unit).iterations() / SLICES_PER_UNIT);
        return new CpuHog(kernel, iterations, bestSliceNanos(kernel, iterations));
    }

    /**
     * The fastest of a few timed slices. The median would do on a quiet machine; on a busy one
     * it counts other processes' time as the work's and the hogs would seem to get more than a
     * core's worth done.
     */
    private static double bestSliceNanos(CpuKernel kernel, long iterations) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < TIMED_SLICES; i++) {
            long started = System.nanoTime();
            sink += kernel.run(i, iterations);
            best = Math.min(best, System.nanoTime() - started);
        }
        return Math.max(1, best);
    }
}
