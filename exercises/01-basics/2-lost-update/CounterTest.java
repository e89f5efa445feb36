package exercises.basics.lostupdate;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CounterTest {

    @Test
    @DisplayName("counts increments from one thread")
    @Hint("Each call to increment() must add exactly one.")
    void countsFromOneThread() {
        var counter = new Counter();
        for (int i = 0; i < 1000; i++) {
            counter.increment();
        }
        assertThat(counter.get()).isEqualTo(1000);
    }

    @Test
    @DisplayName("two threads that meet between read and write both count")
    @Hint("Both threads read the same value, then both wrote value + 1. Make read-and-write one step: a synchronized increment, or an AtomicInteger.")
    void twoThreadsThatMeetBothCount() throws Exception {
        // Each thread waits here for the other, once: on an unsafe counter both have read 0 by then
        // and both write 1. On a safe one the second thread cannot get in while the first holds
        // the counter, the wait times out, and the first goes on alone.
        var meet = new CyclicBarrier(2);
        var counter = new Counter(() -> {
            try {
                meet.await(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | BrokenBarrierException e) {
                // The other thread could not get here: nothing to meet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread a = Thread.ofPlatform().start(counter::increment);
        Thread b = Thread.ofPlatform().start(counter::increment);
        a.join();
        b.join();
        assertThat(counter.get()).as("increments counted out of 2").isEqualTo(2);
    }

    @Test
    @DisplayName("four threads making 100,000 increments each lose none")
    @Hint("A cure that drops the pause but keeps read-then-write still loses updates under load. Use synchronized or AtomicInteger.")
    void manyThreadsLoseNothing() throws Exception {
        var counter = new Counter();
        var threads = new Thread[4];
        var start = new CyclicBarrier(threads.length);
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 100_000; i++) {
                    counter.increment();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counter.get()).isEqualTo(400_000);
    }
}
