package exercises.threading.gilcounter;

import dev.conclab.gil.GilOptions;
import dev.conclab.gil.GilRuntime;
import dev.conclab.gil.GilThread;
import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class GilCounterTest {

    /** What the counter counted, and how many increments the threads made. */
    record Counted(int counted, long made) {
    }

    /**
     * Runs {@code threads} GIL threads that each increment for {@code millis} of wall time, with a
     * 0.1 ms switch interval: every thread waits for the GIL far longer than that, so the GIL is
     * certain to change hands, and the only place it can is the checkpoint inside increment().
     * Returns null if the threads did not finish in 10 s.
     */
    static Counted count(int threads, long millis) throws Exception {
        var python = new GilRuntime(GilOptions.cpython().withSwitchInterval(Duration.ofNanos(100_000)));
        var counter = new GilCounter();
        var start = new CountDownLatch(1);
        var workers = new ArrayList<GilThread<Long>>();
        for (int t = 0; t < threads; t++) {
            workers.add(python.startDaemon("worker-" + t, () -> {
                GilRuntime.blocking(() -> {
                    start.await();
                    return null;
                });
                long made = 0;
                long end = System.nanoTime() + millis * 1_000_000;
                while (System.nanoTime() < end) {
                    counter.increment();
                    made++;
                }
                return made;
            }));
        }
        start.countDown();
        long made = 0;
        for (GilThread<Long> worker : workers) {
            if (!worker.join(Duration.ofSeconds(10))) {
                return null; // stuck: see the hint about waiting for the lock
            }
            made += worker.join();
        }
        python.close();
        return new Counted(counter.get(), made);
    }

    @Test
    @DisplayName("one GIL thread counts every increment")
    @Hint("With one thread nothing can come between the read and the write: every increment must add one.")
    void oneThread() throws Exception {
        Counted c = count(1, 20);
        assertThat((long) c.counted()).isEqualTo(c.made());
    }

    @Test
    @DisplayName("two GIL threads that switch between read and write lose no increment")
    @Hint("The GIL switched threads at the checkpoint between the read and the write. Hold a lock from before the read to after the write.")
    void twoThreads() throws Exception {
        Counted c = count(2, 30);
        assertThat(c).as("threads stuck waiting? See the next check's hint").isNotNull();
        assertThat((long) c.counted()).as("increments counted, of those made").isEqualTo(c.made());
    }

    @Test
    @DisplayName("four GIL threads finish: waiting for the lock releases the GIL")
    @Hint("Increments were lost (see the two-thread check), or the threads got stuck: a thread that blocks on the lock while holding the GIL stops the lock's holder from ever running. Wait inside GilRuntime.blocking(...).")
    void noThreadWaitsForTheLockHoldingTheGil() throws Exception {
        Counted c = count(4, 20);
        assertThat(c).as("the four threads finished (null: stuck)").isNotNull();
        assertThat((long) c.counted()).isEqualTo(c.made());
    }
}
