package exercises.basics.splitsum;

/**
 * Exercise 1.1: split a sum over threads and join them.
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
        // TODO: split [0, numbers.length) into `threads` parts, start one thread per part that
        //  calls part.sum(numbers, from, to) and stores the result, join every thread, then add
        //  up the stored results. Right now the caller does all the work itself.
        return part.sum(numbers, 0, numbers.length);
    }
}
