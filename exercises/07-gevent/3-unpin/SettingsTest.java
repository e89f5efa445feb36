package exercises.gevent.unpin;

import dev.conclab.learn.Hint;
import dev.conclab.virtual.PinningMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SettingsTest {

    private static List<PinningMonitor.Pin> pins;
    private static final ConcurrentLinkedQueue<String> ANSWERS = new ConcurrentLinkedQueue<>();

    /**
     * Eight virtual threads ask for a setting at the same moment: the first ask of this JVM.
     * (In @BeforeAll, not in a static initialiser: threads started from a class's initialiser
     * that touch the class would wait for that very initialisation, a deadlock.)
     */
    @BeforeAll
    static void askFromEightVirtualThreadsAtOnce() throws InterruptedException {
        try (var monitor = PinningMonitor.start(Duration.ofMillis(20))) {
            var go = new CountDownLatch(1);
            var threads = new Thread[8];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ANSWERS.add(Settings.get("region"));
                });
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            pins = monitor.stop();
        }
    }

    @Test
    @DisplayName("no virtual thread is pinned while the settings load")
    @Hint("JFR saw virtual threads pinned in Settings' class initialisation: load lazily in get(), not in a static initialiser.")
    void noPins() {
        assertThat(pins).as("pinned waits seen by JFR").isEmpty();
    }

    @Test
    @DisplayName("every caller gets the loaded value")
    @Hint("Callers that arrive while the load runs must wait for it, not see an empty value.")
    void everyCallerGetsTheValue() {
        assertThat(ANSWERS).hasSize(8).containsOnly("eu-west");
    }

    @Test
    @DisplayName("the settings load exactly once")
    @Hint("Check again inside the lock: only the first caller may call load().")
    void loadsOnce() {
        assertThat(Settings.get("pool")).isEqualTo("16");
        assertThat(Settings.LOADS.get()).isEqualTo(1);
    }
}
