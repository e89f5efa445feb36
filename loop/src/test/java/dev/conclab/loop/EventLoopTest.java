package dev.conclab.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30) // deadlock guard only
class EventLoopTest {

    @Test
    void timersFireInDeadlineOrderTiesInSchedulingOrderAndNeverEarly() {
        try (var loop = EventLoop.create()) {
            var fired = new ArrayList<String>();
            var late = new ArrayList<Long>();
            long start = loop.time();
            int[] delays = {50, 10, 30, 10, 0, 30, 20};
            for (int i = 0; i < delays.length; i++) {
                String name = delays[i] + "ms#" + i;
                long due = start + Duration.ofMillis(delays[i]).toNanos();
                loop.callAt(due, () -> {
                    fired.add(name);
                    late.add(loop.time() - due);
                });
            }
            TimerHandle cancelled = loop.callLater(Duration.ofMillis(15), () -> fired.add("cancelled"));
            cancelled.cancel();
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(80)));

            assertThat(fired).containsExactly("0ms#4", "10ms#1", "10ms#3", "20ms#6", "30ms#2", "30ms#5", "50ms#0");
            assertThat(late).allSatisfy(l -> assertThat(l).isGreaterThanOrEqualTo(0));
        }
    }

    @Test
    void callSoonRunsInFifoOrderAndCallbacksScheduledByCallbacksWaitForTheNextTurn() {
        try (var loop = EventLoop.create()) {
            var order = new ArrayList<String>();
            loop.callSoon(() -> {
                order.add("a");
                loop.callSoon(() -> order.add("c (scheduled by a)"));
            });
            loop.callSoon(() -> order.add("b"));
            loop.stop();
            loop.runForever(); // one turn: a and b, not c
            assertThat(order).containsExactly("a", "b");
            loop.stop();
            loop.runForever();
            assertThat(order).containsExactly("a", "b", "c (scheduled by a)");
        }
    }

    @Test
    void aManyTimerHeapFiresEveryTimerOnce() {
        try (var loop = EventLoop.create()) {
            int n = 10_000;
            int[] fired = {0};
            var handles = new ArrayList<TimerHandle>();
            for (int i = 0; i < n; i++) {
                handles.add(loop.callLater(Duration.ofMillis(20 + i % 7), () -> fired[0]++));
            }
            for (int i = 0; i < n; i += 2) {
                handles.get(i).cancel();
            }
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(60)));
            assertThat(fired[0]).isEqualTo(n / 2);
        }
    }

    @Test
    void callSoonThreadsafeWakesAWaitingLoopAndOtherThreadsAreRefusedTheUnsafeApi() throws Exception {
        try (var loop = EventLoop.create()) {
            Thread runner = loop.startThread();
            var ran = new CompletableFuture<String>();
            loop.callSoonThreadsafe(() -> ran.complete(Thread.currentThread().getName()));
            assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo(runner.getName());

            assertThatThrownBy(() -> loop.callSoon(() -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("callSoonThreadsafe");
            assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> { }))
                    .isInstanceOf(IllegalStateException.class);

            var many = new CountDownLatch(4 * 1000);
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 1000; i++) {
                        loop.callSoonThreadsafe(many::countDown);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(many.await(5, TimeUnit.SECONDS)).isTrue();
            loop.stop();
            runner.join(5000);
            assertThat(runner.isAlive()).isFalse();
            assertThat(loop.isRunning()).isFalse();
        }
    }

    @Test
    void submitRunsABodyOnTheLoopForAnotherThreadAndExecuteMakesItAnExecutor() throws Exception {
        try (var loop = EventLoop.create()) {
            loop.startThread();
            var value = loop.submit(() -> loop.sleep(Duration.ofMillis(5)).map(v -> 42)).get(5, TimeUnit.SECONDS);
            assertThat(value).isEqualTo(42);
            var thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), loop).get(5, TimeUnit.SECONDS);
            assertThat(thread).isEqualTo(loop.name());
            loop.stop();
        }
    }

    @Test
    void runUntilCompleteReturnsTheValueOrThrowsTheFailure() {
        try (var loop = EventLoop.create()) {
            String done = loop.runMain(() -> loop.sleep(Duration.ofMillis(1)).map(v -> "done"));
            assertThat(done).isEqualTo("done");
            assertThatThrownBy(() -> loop.runMain(() -> loop.sleep(Duration.ZERO).map(v -> {
                throw new IllegalArgumentException("boom");
            }))).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        }
        int seven = EventLoop.run(loop -> loop.completed(7));
        assertThat(seven).isEqualTo(7);
    }

    @Test
    void runCancelsTasksLeftBehindByMain() {
        var leftBehind = new ArrayList<Task<Void>>();
        EventLoop.run(loop -> {
            leftBehind.add(loop.createTask(() -> loop.sleep(Duration.ofHours(1))));
            return loop.completed("main done");
        });
        assertThat(leftBehind.getFirst().isCancelled()).isTrue();
    }

    @Test
    void aFailingCallbackIsReportedAndTheLoopGoesOn() {
        var reports = new CopyOnWriteArrayList<LoopDiagnostic>();
        try (var loop = EventLoop.builder().diagnostics(reports::add).build()) {
            var after = new ArrayList<String>();
            loop.callSoon(() -> {
                throw new IllegalStateException("callback failure");
            });
            loop.callSoon(() -> after.add("still running"));
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            assertThat(after).containsExactly("still running");
            assertThat(reports).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(LoopDiagnostic.Kind.CALLBACK_FAILED);
                assertThat(d.failure()).hasMessage("callback failure");
            });
        }
    }

    @Test
    void runInExecutorKeepsBlockingWorkOffTheLoop() {
        try (var loop = EventLoop.create()) {
            var ticks = new ArrayList<Long>();
            var result = loop.runMain(() -> {
                var ticker = loop.createTask(() -> tick(loop, ticks, 10));
                return loop.runInExecutor(() -> {
                    Thread.sleep(100);
                    return Thread.currentThread().isVirtual();
                }).then(virtual -> ticker.map(v -> virtual));
            });
            assertThat(result).isTrue();
            assertThat(ticks).hasSize(10); // the loop kept ticking while the blocking call ran elsewhere
        }
    }

    private static LoopFuture<Void> tick(EventLoop loop, List<Long> ticks, int left) {
        if (left == 0) {
            return loop.completed(null);
        }
        return loop.sleep(Duration.ofMillis(5)).then(v -> {
            ticks.add(loop.time());
            return tick(loop, ticks, left - 1);
        });
    }
}
