package dev.conclab.lab.workload;

/**
 * Sums the squares of {@code iterations} consecutive integers, starting at a point that
 * depends on the task index. Arithmetic wraps around on overflow, like any {@code long}.
 *
 * <p>This is the plan's classic CPU-bound task ({@code sum(i * i for i in range(n))}).
 */
public final class SumOfSquares implements CpuKernel {

    @Override
    public String id() {
        return "sum-of-squares";
    }

    @Override
    public String description() {
        return "sum of i*i over a range of integers (pure CPU, no memory traffic)";
    }

    @Override
    public long run(int index, long iterations) {
        long first = index * 1_000_003L;
        long sum = 0;
        for (long i = 0; i < iterations; i++) {
            long x = first + i;
            sum += x * x;
        }
        return sum;
    }

    @Override
    public long minimumIterations() {
        return 1_000;
    }
}
