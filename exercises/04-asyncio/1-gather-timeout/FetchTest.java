package exercises.asyncio.gather;

import dev.conclab.learn.Hint;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FetchTest {

    /** A fetch that answers after {@code millis} of loop time, and counts it if it is cancelled. */
    static Supplier<LoopFuture<String>> fetch(EventLoop loop, String page, long millis, AtomicInteger cancelled) {
        return () -> loop.sleep(Duration.ofMillis(millis)).map(ignored -> page).onCancel(cancelled::incrementAndGet);
    }

    record Outcome(List<String> pages, long millis, int cancelled) {
    }

    static Outcome run(Duration timeout) {
        try (var loop = EventLoop.create()) {
            var cancelled = new AtomicInteger();
            var fetches = List.of(fetch(loop, "fast", 20, cancelled), fetch(loop, "slow", 3_000, cancelled),
                    fetch(loop, "medium", 60, cancelled));
            long start = System.nanoTime();
            List<String> pages = loop.runUntilComplete(loop.createTask(() -> Fetch.allWithin(loop, fetches, timeout)));
            return new Outcome(pages, (System.nanoTime() - start) / 1_000_000, cancelled.get());
        }
    }

    @Test
    @DisplayName("returns the pages that arrived in time, in the order asked")
    @Hint("gather waited for the slow page. Async.wait(futures, ALL_COMPLETED, timeout) returns what is done at the timeout.")
    void returnsWhatArrived() {
        assertThat(run(Duration.ofMillis(500)).pages()).containsExactly("fast", "medium");
    }

    @Test
    @DisplayName("cancels the fetches still pending at the timeout")
    @Hint("Cancel every future in done.pending(): cancelling a loop future cancels its timer or socket too.")
    void cancelsThePending() {
        assertThat(run(Duration.ofMillis(500)).cancelled()).as("fetches cancelled").isEqualTo(1);
    }

    @Test
    @DisplayName("returns every page when all arrive in time")
    @Hint("With a long enough timeout nothing is pending: return all the results, in order.")
    void everythingInTime() {
        assertThat(run(Duration.ofSeconds(10)).pages()).containsExactly("fast", "slow", "medium");
    }
}
