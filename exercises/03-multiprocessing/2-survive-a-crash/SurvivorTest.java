package exercises.multiprocessing.survive;

import dev.conclab.learn.Hint;
import dev.conclab.process.ProcessPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SurvivorTest {

    private static final List<Integer> INPUTS = List.of(1, -1, 2, 3, -5, 4);
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
    @DisplayName("keeps the result of every input whose worker survived")
    @Hint("map throws at the first failure. Use mapAsync(Fragile.class, inputs, 1) and get() each future on its own.")
    void keepsEveryGoodResult() throws Exception {
        var report = Survivor.runAll(pool, INPUTS);
        assertThat(report.results()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2, 2, 4, 3, 6, 4, 8));
    }

    @Test
    @DisplayName("names exactly the inputs that crashed their worker, in input order")
    @Hint("future.get() throws ExecutionException; when getCause() is a WorkerCrashedException, that input crashed its worker.")
    void namesTheCrashes() throws Exception {
        var report = Survivor.runAll(pool, INPUTS);
        assertThat(report.crashed()).containsExactly(-1, -5);
    }
}
