package exercises.futures.deadlock;

import dev.conclab.learn.Hint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReportsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Runs buildAll on another thread and gives up after 5 s, so a deadlock fails the check instead of hanging it. */
    private List<String> buildWithin5Seconds(List<String> reports) throws Exception {
        var result = new AtomicReference<List<String>>();
        var failure = new AtomicReference<Exception>();
        Thread caller = Thread.ofPlatform().daemon().start(() -> {
            try {
                result.set(Reports.buildAll(pool, reports));
            } catch (Exception e) {
                failure.set(e);
            }
        });
        caller.join(TimeUnit.SECONDS.toMillis(5));
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    @Test
    @DisplayName("two reports on a pool of two finish")
    @Hint("Both pool threads are report tasks blocked in get(), and their sections wait in the queue behind them: compose with CompletableFuture or run sections elsewhere.")
    void twoReportsFinish() throws Exception {
        assertThat(buildWithin5Seconds(List.of("sales", "stock"))).as("reports built within 5 s (null: stuck)")
                .containsExactly("sales#1 + sales#2", "stock#1 + stock#2");
    }

    @Test
    @DisplayName("ten reports on a pool of two finish, in order")
    @Hint("With more reports than threads the pool fills with waiting report tasks even sooner.")
    void tenReportsFinish() throws Exception {
        var names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        var built = buildWithin5Seconds(names);
        assertThat(built).as("reports built within 5 s (null: stuck)").isNotNull().hasSize(10);
        for (int i = 0; i < names.size(); i++) {
            assertThat(built.get(i)).isEqualTo(names.get(i) + "#1 + " + names.get(i) + "#2");
        }
    }

    @Test
    @DisplayName("a single report still works")
    @Hint("With one report there is a free thread for its sections: this one passes even with the deadlock.")
    void oneReport() throws Exception {
        assertThat(buildWithin5Seconds(List.of("solo"))).containsExactly("solo#1 + solo#2");
    }
}
