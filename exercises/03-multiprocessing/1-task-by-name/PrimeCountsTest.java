package exercises.multiprocessing.byname;

import dev.conclab.learn.Hint;
import dev.conclab.process.ProcessCall;
import dev.conclab.process.ProcessPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PrimeCountsTest {

    private static ProcessPool pool;

    @BeforeAll
    static void start() throws Exception {
        pool = ProcessPool.builder().workers(2).build();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    @DisplayName("a worker can create RangeTask by its name and run it")
    @Hint("Make RangeTask 'public static final class RangeTask implements ProcessTask<List<Long>, Long>'; the pool's error says what is missing.")
    void rangeTaskRunsInAWorker() throws Exception {
        Object primesBelow100 = pool.submit(new ProcessCall<>(PrimeCounts.class.getName() + "$RangeTask", List.of(0L, 100L))).get();
        assertThat(primesBelow100).isEqualTo(25L);
    }

    @Test
    @DisplayName("countsPerPart returns one count per range, in range order")
    @Hint("Ranges [0, s), [s, 2s), … with s = ceil(limit / parts); the last one ends at limit.")
    void oneCountPerRange() throws Exception {
        var expected = new ArrayList<Long>();
        for (long from = 0; from < 20_000; from += 5_000) {
            expected.add(PrimeCounts.countPrimes(from, from + 5_000));
        }
        assertThat(PrimeCounts.countsPerPart(pool, 20_000, 4)).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("the counting happens in the worker processes, not in the caller")
    @Hint("Counting in the calling JVM leaves the workers idle: send the ranges with pool.map(RangeTask.class, ranges, 1).")
    void countsInTheWorkers() throws Exception {
        long before = pool.workerCpuNanos();
        PrimeCounts.countsPerPart(pool, 50_000, 4);
        assertThat(pool.workerCpuNanos()).as("CPU time the workers report").isGreaterThan(before);
    }
}
