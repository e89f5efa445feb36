package dev.conclab.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30) // deadlock guard only
class SyncTest {

    @Test
    void aSemaphoreBoundsConcurrencyAndHandsPermitsOutInOrder() {
        try (var loop = EventLoop.create()) {
            var limit = new LoopSemaphore(loop, 3);
            int[] running = {0};
            int[] peak = {0};
            var order = new ArrayList<Integer>();
            var jobs = new ArrayList<LoopFuture<Integer>>();
            for (int i = 0; i < 20; i++) {
                int id = i;
                jobs.add(limit.withPermit(() -> {
                    order.add(id);
                    peak[0] = Math.max(peak[0], ++running[0]);
                    return loop.sleep(Duration.ofMillis(2)).map(v -> {
                        running[0]--;
                        return id;
                    });
                }));
            }
            loop.runUntilComplete(Async.gather(jobs));
            assertThat(peak[0]).isEqualTo(3);
            assertThat(order).isSorted();
            assertThat(limit.available()).isEqualTo(3);
        }
    }

    @Test
    void aCancelledWaiterGivesUpItsPlaceAndAGrantedButUnclaimedPermitIsGivenBack() {
        try (var loop = EventLoop.create()) {
            var sem = new LoopSemaphore(loop, 1);
            assertThat(sem.tryAcquire()).isTrue();
            var waiting = sem.acquire();
            waiting.cancel();
            assertThat(sem.waiting()).isZero();

            // A permit granted to a waiter whose consumer is cancelled before it runs comes back.
            var granted = sem.acquire();
            var consumer = granted.map(v -> "got it");
            sem.release(); // grants the permit to `granted`; its consumer runs on a later turn
            assertThat(granted.isSucceeded()).isTrue();
            consumer.cancel();
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            assertThat(sem.available()).isEqualTo(1);
        }
    }

    @Test
    void anEventWakesEveryWaiter() {
        try (var loop = EventLoop.create()) {
            var event = new LoopEvent(loop);
            var woken = new ArrayList<String>();
            var waiters = new ArrayList<LoopFuture<Void>>();
            for (String name : List.of("a", "b", "c")) {
                waiters.add(event.waitSet().map(v -> {
                    woken.add(name);
                    return null;
                }));
            }
            loop.callLater(Duration.ofMillis(5), event::set);
            loop.runUntilComplete(Async.gather(waiters));
            assertThat(woken).containsExactly("a", "b", "c");
            assertThat(event.waitSet().isDone()).isTrue();
            event.clear();
            assertThat(event.waitSet().isDone()).isFalse();
        }
    }

    @Test
    void aBoundedQueueMakesProducersWaitAndJoinWaitsForTaskDone() {
        try (var loop = EventLoop.create()) {
            var queue = new LoopQueue<Integer>(loop, 2);
            var consumed = new ArrayList<Integer>();
            int[] peakSize = {0};
            LoopFuture<Void> producer = produce(loop, queue, 0, 10, peakSize);
            LoopFuture<Void> consumer = consume(loop, queue, consumed, 10);
            loop.runUntilComplete(Async.gather(producer, consumer));
            loop.runUntilComplete(queue.join());
            assertThat(consumed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(peakSize[0]).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void anItemHandedToACancelledConsumerGoesBackToTheQueue() {
        try (var loop = EventLoop.create()) {
            var queue = new LoopQueue<String>(loop);
            var getter = queue.get();
            var consumer = getter.map(s -> "consumed " + s);
            queue.offer("precious");
            assertThat(getter.isSucceeded()).isTrue();
            consumer.cancel();
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            assertThat(queue.poll()).isEqualTo("precious");
        }
    }

    private static LoopFuture<Void> produce(EventLoop loop, LoopQueue<Integer> queue, int i, int n, int[] peak) {
        if (i == n) {
            return loop.completed(null);
        }
        return queue.put(i).then(v -> {
            peak[0] = Math.max(peak[0], queue.size());
            return produce(loop, queue, i + 1, n, peak);
        });
    }

    private static LoopFuture<Void> consume(EventLoop loop, LoopQueue<Integer> queue, List<Integer> out, int left) {
        if (left == 0) {
            return loop.completed(null);
        }
        return queue.get().then(item -> loop.sleep(Duration.ofMillis(1)).then(v -> {
            out.add(item);
            queue.taskDone();
            return consume(loop, queue, out, left - 1);
        }));
    }
}
