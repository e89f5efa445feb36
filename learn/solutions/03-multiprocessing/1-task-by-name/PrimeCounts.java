package exercises.multiprocessing.byname;

import dev.conclab.process.ProcessPool;
import dev.conclab.process.ProcessTask;

import java.util.ArrayList;
import java.util.List;

/**
 * Exercise 3.1: counting primes in worker processes, with a task sent by class name.
 */
public final class PrimeCounts {

    private PrimeCounts() {
    }

    /** The number of primes in {@code [from, to)}, by trial division: plain CPU work. */
    public static long countPrimes(long from, long to) {
        long count = 0;
        for (long n = Math.max(2, from); n < to; n++) {
            boolean prime = true;
            for (long d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    /** {@code [from, to)} -> the number of primes in it; created by name in each worker. */
    public static final class RangeTask implements ProcessTask<List<Long>, Long> {
        @Override
        public Long call(List<Long> range) {
            return countPrimes(range.get(0), range.get(1));
        }
    }

    /**
     * Splits {@code [0, limit)} into {@code parts} ranges and counts the primes of each in
     * {@code pool}; returns the counts in range order.
     */
    public static List<Long> countsPerPart(ProcessPool pool, long limit, int parts) throws Exception {
        var ranges = new ArrayList<List<Long>>();
        long size = (limit + parts - 1) / parts;
        for (long from = 0; from < limit; from += size) {
            ranges.add(List.of(from, Math.min(limit, from + size)));
        }
        return pool.map(RangeTask.class, ranges, 1);
    }
}
