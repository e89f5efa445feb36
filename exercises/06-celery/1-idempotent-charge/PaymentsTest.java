package exercises.celery.idempotent;

import dev.conclab.learn.Hint;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PaymentsTest {

    private final TaskQueue queue = TaskQueue.connect("memory:exercise-6.1-" + UUID.randomUUID());
    private final Payments.Ledger ledger = new Payments.Ledger();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void close() {
        queue.close();
    }

    private static WorkerOptions quiet() {
        return WorkerOptions.defaults().withLog(line -> { });
    }

    @Test
    @DisplayName("a charge delivered twice (its worker stopped after charging) charges once")
    @Hint("The task ran twice, as at-least-once delivery allows. Key the charge on something both runs share: ctx.id().")
    void redeliveredChargeChargesOnce() throws Exception {
        var charged = new CountDownLatch(1);
        var never = new CountDownLatch(1);
        Payments.register(queue, ledger, () -> {
            if (runs.incrementAndGet() == 1) {
                charged.countDown();
                try {
                    never.await(); // the first run hangs after its effect, until its worker is stopped
                } catch (InterruptedException e) {
                    throw new IllegalStateException("stopped mid-task", e);
                }
            }
        });
        var first = queue.startWorker(quiet());
        var result = queue.send("charge", List.of(500));
        assertThat(charged.await(20, TimeUnit.SECONDS)).as("the first run charged").isTrue();
        first.shutdown(Duration.ofMillis(50)); // interrupts the running task and releases its message, unacknowledged
        try (var second = queue.startWorker(quiet())) {
            assertThat(result.get(Duration.ofSeconds(20)).asLong()).isEqualTo(500);
        }
        assertThat(runs).as("the task ran twice").hasValue(2);
        assertThat(ledger.total()).as("cents charged").isEqualTo(500);
    }

    @Test
    @DisplayName("two different charges of the same amount are both charged")
    @Hint("One charge per task, not one per amount or per customer: the key must differ between tasks.")
    void differentTasksAreDifferentCharges() throws Exception {
        Payments.register(queue, ledger, runs::incrementAndGet);
        try (var worker = queue.startWorker(quiet())) {
            var a = queue.send("charge", List.of(300));
            var b = queue.send("charge", List.of(300));
            a.get(Duration.ofSeconds(20));
            b.get(Duration.ofSeconds(20));
        }
        assertThat(ledger.total()).isEqualTo(600);
    }
}
