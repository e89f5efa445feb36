package dev.conclab.lab.model;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of {@link Model#run}, checked for every standard model. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class ModelContractTest {

    static List<Model> models() {
        return StandardModels.all(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void returnsEveryResultByIndexAndRunsEachTaskExactlyOnce(Model model) throws Exception {
        for (int n : new int[]{0, 1, 2, 7, 64, 257}) {
            var calls = new AtomicIntegerArray(n);
            long[] results = model.run(n, i -> {
                calls.incrementAndGet(i);
                return (long) i * i + 17;
            });
            assertThat(results).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(results[i]).as("result of task %d of %d", i, n).isEqualTo((long) i * i + 17);
                assertThat(calls.get(i)).as("calls of task %d of %d", i, n).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void failuresPropagateWithTheLowestFailingIndexAsCauseAndOthersSuppressed(Model model) {
        var failure3 = new IllegalStateException("task three broke");
        var failure5 = new IOException("task five broke");
        var finished = new AtomicInteger();
        assertThatThrownBy(() -> model.run(8, i -> {
            try {
                if (i == 5) {
                    throw failure5;
                }
                if (i == 3) {
                    throw failure3;
                }
                return i;
            } finally {
                finished.incrementAndGet();
            }
        }))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.index()).isEqualTo(3);
                    assertThat(e.getCause()).isSameAs(failure3);
                    assertThat(e.getSuppressed()).containsExactly(failure5);
                    assertThat(e.getMessage()).contains(model.id()).contains("task 3");
                });
        assertThat(finished.get()).as("every task still ran").isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void returnsOnlyAfterEveryTaskHasFinished(Model model) throws Exception {
        var done = new AtomicInteger();
        assertThatThrownBy(() -> model.run(6, i -> {
            if (i == 0) {
                throw new RuntimeException("early failure must not make run return early");
            }
            Thread.sleep(20);
            done.incrementAndGet();
            return i;
        })).isInstanceOf(TaskFailedException.class);
        assertThat(done.get()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void neverRunsMoreTasksAtOnceThanItsConcurrency(Model model) throws Exception {
        int n = 12;
        var running = new AtomicInteger();
        var peak = new AtomicInteger();
        model.run(n, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(10);
            running.decrementAndGet();
            return i;
        });
        assertThat(peak.get()).isBetween(1, model.concurrency(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runsAsManyTasksAtOnceAsItsConcurrencySays(Model model) throws Exception {
        // Every task waits until `concurrency` tasks have arrived: a model that ran fewer at
        // once would never release them (the latch times out and the test fails, no hang).
        int n = 12;
        int concurrency = model.concurrency(n);
        var arrived = new CountDownLatch(concurrency);
        var timedOut = new AtomicInteger();
        model.run(n, i -> {
            arrived.countDown();
            if (!arrived.await(20, TimeUnit.SECONDS)) {
                timedOut.incrementAndGet();
            }
            return i;
        });
        assertThat(timedOut.get()).as("tasks that never saw %d running at once", concurrency).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void anInterruptedCallerGetsInterruptedExceptionAndNoTaskIsLeftRunning(Model model) throws Exception {
        var started = new CountDownLatch(1);
        var live = ConcurrentHashMap.<Integer>newKeySet();
        var outcome = new AtomicReference<Throwable>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                model.run(4, i -> {
                    live.add(i);
                    try {
                        started.countDown();
                        Thread.sleep(30_000);
                        return i;
                    } finally {
                        live.remove(i);
                    }
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(caller.isAlive()).as("run returned after the interrupt").isFalse();
        assertThat(outcome.get()).isInstanceOfAny(InterruptedException.class, TaskFailedException.class);
        assertThat(live).as("tasks still inside call() after run returned").isEqualTo(Set.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void concurrencyIsBetweenOneAndTheNumberOfTasks(Model model) {
        assertThat(model.concurrency(0)).isZero();
        for (int n : new int[]{1, 2, 5, 100}) {
            assertThat(model.concurrency(n)).isBetween(1, n);
        }
    }
}
