package exercises.basics.splitsum;

/**
 * Exercise 1.1, reference solution.
 */
public final class SplitSum {

    /** Adds up {@code numbers[from, to)}. The checks pass their own, to see which thread ran which part. */
    @FunctionalInterface
    public interface PartSum {
        long sum(long[] numbers, int from, int to);
    }

    private SplitSum() {
    }

    /**
     * The sum of {@code numbers}, computed in {@code threads} parts, each by
     * {@code part.sum(numbers, from, to)} on a thread started for it; every thread is joined
     * before the parts are added.
     */
    public static long sum(long[] numbers, int threads, PartSum part) throws InterruptedException {
        long[] partial = new long[threads];
        Thread[] workers = new Thread[threads];
        int n = numbers.length;
        for (int i = 0; i < threads; i++) {
            int index = i;
            int from = (int) ((long) i * n / threads);
            int to = (int) ((long) (i + 1) * n / threads);
            workers[i] = Thread.ofPlatform().start(() -> partial[index] = part.sum(numbers, from, to));
        }
        long sum = 0;
        for (int i = 0; i < threads; i++) {
            workers[i].join(); // also makes partial[i] visible here
            sum += partial[i];
        }
        return sum;
    }
}
