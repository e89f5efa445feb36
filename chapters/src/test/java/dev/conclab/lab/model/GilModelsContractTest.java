package dev.conclab.lab.model;

import dev.conclab.chapters.threading.GilThreadsModel;
import dev.conclab.gil.GilRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Model} contract that every standard model meets (lab-core's
 * {@link ModelContractTest}, inherited: it lives in lab-core's package for that reason), checked
 * for the GIL models too.
 */
class GilModelsContractTest extends ModelContractTest {

    static List<Model> models() {
        return GilThreadsModel.IDS.stream().<Model>map(GilThreadsModel::byId).toList();
    }

    /**
     * The inherited version makes every task wait for the others while it holds the GIL, which
     * under a GIL waits forever: in CPython that wait ({@code Event.wait}) releases the GIL, and
     * here it must be a blocking call to do so.
     */
    @Override
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runsAsManyTasksAtOnceAsItsConcurrencySays(Model model) throws Exception {
        int n = 12;
        var arrived = new CountDownLatch(model.concurrency(n));
        var timedOut = new AtomicInteger();
        model.run(n, i -> {
            arrived.countDown();
            if (!GilRuntime.blocking(() -> arrived.await(20, TimeUnit.SECONDS))) {
                timedOut.incrementAndGet();
            }
            return i;
        });
        assertThat(timedOut.get()).as("tasks that never saw %d in progress at once", model.concurrency(n)).isZero();
    }
}
