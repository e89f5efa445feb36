package exercises.gevent.bounded;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LimitedTest {

    static final int CALLS = 200;
    static final int LIMIT = 10;

    /** Calls that count how many are inside at once; the first LIMIT wait until LIMIT are in. */
    static final class Service {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final CountDownLatch firstWave = new CountDownLatch(LIMIT);
        final AtomicInteger threadsThatWereVirtual = new AtomicInteger();

        Callable<Integer> call(int i) {
            return () -> {
                peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                if (Thread.currentThread().isVirtual()) {
                    threadsThatWereVirtual.incrementAndGet();
                }
                try {
                    firstWave.countDown();
                    // Every call waits until LIMIT calls have been inside: a version that lets
                    // fewer in at a time never gets there, and the await gives up after 5 s.
                    firstWave.await(5, TimeUnit.SECONDS);
                    Thread.sleep(5);
                    return i * 2;
                } finally {
                    inside.decrementAndGet();
                }
            };
        }

        List<Callable<Integer>> calls() {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(call(i));
            }
            return calls;
        }
    }

    @Test
    @DisplayName("never more than `limit` calls inside the service at once")
    @Hint("All 200 calls were inside at the same time. Guard each call with a Semaphore(limit): acquire before, release in finally.")
    void neverMoreThanLimit() throws Exception {
        var service = new Service();
        Limited.callAll(service.calls(), LIMIT);
        assertThat(service.peak.get()).as("most calls inside the service at once").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    @DisplayName("uses all `limit` places: `limit` calls run at the same time")
    @Hint("Bounding must not mean one at a time: with Semaphore(limit), `limit` calls can be inside together.")
    void usesTheWholeLimit() throws Exception {
        var service = new Service();
        Limited.callAll(service.calls(), LIMIT);
        assertThat(service.firstWave.getCount()).as("calls still missing from the first wave of " + LIMIT).isZero();
    }

    @Test
    @DisplayName("returns every result, in the order of the calls, from virtual threads")
    @Hint("Keep a virtual thread per call (newVirtualThreadPerTaskExecutor) and read the futures in order.")
    void returnsResultsInOrder() throws Exception {
        var service = new Service();
        List<Integer> results = Limited.callAll(service.calls(), LIMIT);
        assertThat(results).hasSize(CALLS);
        for (int i = 0; i < CALLS; i++) {
            assertThat(results.get(i)).isEqualTo(i * 2);
        }
        assertThat(service.threadsThatWereVirtual.get()).isEqualTo(CALLS);
    }
}
