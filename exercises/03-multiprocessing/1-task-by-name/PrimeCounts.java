package exercises.multiprocessing.byname;

import dev.conclab.process.ProcessPool;

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

    // TODO: a worker creates its task by class name, in another JVM. This class cannot be created
    //  there: it is an inner class (it needs an outer PrimeCounts instance) and no ProcessTask.
    //  Make it a public static class implementing ProcessTask<List<Long>, Long>: [from, to) -> count.
    class RangeTask {
        public Long call(List<Long> range) {
            return countPrimes(range.get(0), range.get(1));
        }
    }

    /**
     * Splits {@code [0, limit)} into {@code parts} ranges and counts the primes of each in
     * {@code pool}; returns the counts in range order.
     */
    public static List<Long> countsPerPart(ProcessPool pool, long limit, int parts) throws Exception {
        // TODO: this counts here, in the calling JVM, one range after another, and leaves the
        //  pool idle. Build one [from, to) list per part and let pool.map run RangeTask on them.
        var counts = new ArrayList<Long>();
        long size = (limit + parts - 1) / parts;
        for (long from = 0; from < limit; from += size) {
            counts.add(countPrimes(from, Math.min(limit, from + size)));
        }
        return counts;
    }
}
