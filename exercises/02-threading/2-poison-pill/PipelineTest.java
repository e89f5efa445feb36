package exercises.threading.pipeline;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PipelineTest {

    /** Runs the pipeline on another thread; false if it had not returned within 5 s. */
    static boolean runWithin5Seconds(int producers, int consumers, int itemsEach, ConcurrentHashMap<Integer, AtomicInteger> seen)
            throws Exception {
        var failure = new AtomicReference<Throwable>();
        Thread runner = Thread.ofPlatform().daemon().start(() -> {
            try {
                Pipeline.run(producers, consumers, itemsEach, item -> seen.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        runner.join(5_000);
        if (failure.get() != null) {
            throw new AssertionError("run() failed", failure.get());
        }
        return !runner.isAlive();
    }

    @Test
    @DisplayName("returns once the work is done: the consumers stop")
    @Hint("The consumers wait in take() forever. After joining the producers, put one POISON per consumer, and stop on it.")
    void consumersStop() throws Exception {
        assertThat(runWithin5Seconds(3, 2, 1_000, new ConcurrentHashMap<>())).as("run() returned within 5 s").isTrue();
    }

    @Test
    @DisplayName("hands every item to the sink exactly once, and never the pill")
    @Hint("Each real item once; the POISON must not reach the sink (return before sink.accept).")
    void everyItemOnce() throws Exception {
        var seen = new ConcurrentHashMap<Integer, AtomicInteger>();
        runWithin5Seconds(3, 2, 1_000, seen);
        assertThat(seen).doesNotContainKey(Pipeline.POISON);
        assertThat(seen).hasSize(3_000);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }

    @Test
    @DisplayName("works with more consumers than producers")
    @Hint("One pill per consumer, not per producer: every consumer must get one.")
    void moreConsumers() throws Exception {
        assertThat(runWithin5Seconds(1, 4, 200, new ConcurrentHashMap<>())).as("run() returned within 5 s").isTrue();
    }
}
