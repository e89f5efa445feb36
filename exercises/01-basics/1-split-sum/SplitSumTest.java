package exercises.basics.splitsum;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SplitSumTest {

    /** A part sum that records where and on which thread each part ran. */
    static final class Recorder implements SplitSum.PartSum {
        final List<int[]> parts = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger finished = new AtomicInteger();
        final long delayMillis;

        Recorder(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public long sum(long[] numbers, int from, int to) {
            parts.add(new int[]{from, to});
            threads.add(Thread.currentThread());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += numbers[i];
            }
            finished.incrementAndGet();
            return sum;
        }
    }

    private static long[] numbers(int n) {
        return LongStream.rangeClosed(1, n).toArray();
    }

    @Test
    @DisplayName("adds up every number")
    @Hint("Check the part boundaries: part i of k over n numbers runs from i * n / k to (i + 1) * n / k.")
    void addsUpEveryNumber() throws Exception {
        assertThat(SplitSum.sum(numbers(1000), 4, new Recorder(0))).isEqualTo(500_500L);
        assertThat(SplitSum.sum(numbers(10), 3, new Recorder(0))).isEqualTo(55L);
        assertThat(SplitSum.sum(numbers(3), 4, new Recorder(0))).as("more threads than numbers").isEqualTo(6L);
    }

    @Test
    @DisplayName("cuts the array into exactly `threads` parts that cover it once")
    @Hint("Make one part per thread: with 4 threads, part.sum must be called 4 times, on ranges that tile [0, n) with no gap or overlap.")
    void cutsTheArrayIntoParts() throws Exception {
        var recorder = new Recorder(0);
        SplitSum.sum(numbers(1003), 4, recorder);
        assertThat(recorder.parts).as("parts").hasSize(4);
        var sorted = new ArrayList<>(recorder.parts);
        sorted.sort(Comparator.comparingInt(p -> p[0]));
        int expectedFrom = 0;
        for (int[] part : sorted) {
            assertThat(part[0]).as("a part starts where the one before ended").isEqualTo(expectedFrom);
            expectedFrom = part[1];
        }
        assertThat(expectedFrom).as("the last part ends at the end of the array").isEqualTo(1003);
    }

    @Test
    @DisplayName("runs each part on a thread of its own, not on the caller")
    @Hint("Start a new thread per part, e.g. Thread.ofPlatform().start(() -> partial[index] = part.sum(numbers, from, to)).")
    void runsEachPartOnItsOwnThread() throws Exception {
        var recorder = new Recorder(0);
        SplitSum.sum(numbers(100), 4, recorder);
        assertThat(new HashSet<>(recorder.threads)).as("distinct threads that ran parts").hasSize(4);
        assertThat(recorder.threads).as("threads that ran parts").doesNotContain(Thread.currentThread());
    }

    @Test
    @DisplayName("waits for every thread before adding the parts")
    @Hint("start() returns before the part is computed: keep the Thread objects and join() each one before you add the results.")
    void waitsForEveryThread() throws Exception {
        // Each part takes 100 ms: a sum() that does not wait returns before any part is done.
        var recorder = new Recorder(100);
        long sum = SplitSum.sum(numbers(1000), 4, recorder);
        assertThat(recorder.finished.get()).as("parts finished when sum() returned").isEqualTo(4);
        assertThat(sum).isEqualTo(500_500L);
    }
}
