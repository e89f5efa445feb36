package exercises.celery.fanout;

import dev.conclab.learn.Hint;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.Worker;
import dev.conclab.queue.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FanOutTest {

    private static final List<Integer> XS = List.of(1, 2, 3, 4, 5, 6);

    private final TaskQueue queue = TaskQueue.connect("memory:exercise-6.3-" + UUID.randomUUID());
    /** Every square task waits here until all of them are running: only a producer that sent them all gets past it. */
    private final CyclicBarrier allRunning = new CyclicBarrier(XS.size());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private Worker worker;

    @BeforeEach
    void start() {
        queue.register("square", ctx -> {
            long x = ctx.arg(0, long.class);
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                allRunning.await(3, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
            }
            return x * x;
        });
        worker = queue.startWorker(WorkerOptions.defaults().withPool(WorkerOptions.Pool.VIRTUAL, 16).withLog(line -> { }));
    }

    @AfterEach
    void stop() {
        worker.shutdown(Duration.ofSeconds(1));
        queue.close();
    }

    @Test
    @DisplayName("every task runs at the same time, and the sum is right")
    @Hint("The tasks wait for each other, so a producer that waits for each result before sending the next never sees one: send them all, then get().")
    void sendsAllThenGathers() throws Exception {
        long sum = FanOut.sumOfSquares(queue, XS, Duration.ofSeconds(20));
        assertThat(peak.get()).as("tasks running at once").isEqualTo(XS.size());
        assertThat(sum).isEqualTo(1 + 4 + 9 + 16 + 25 + 36);
    }
}
