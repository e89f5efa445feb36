package dev.conclab.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30) // deadlock guard only
class FuturesTest {

    /** Failures these tests leave unretrieved on purpose (a gather's second failure) are not logged. */
    private static EventLoop quiet() {
        return EventLoop.builder().diagnostics(d -> { }).build();
    }

    private static LoopFuture<String> after(EventLoop loop, int millis, String value) {
        return loop.sleep(Duration.ofMillis(millis)).map(v -> value);
    }

    private static LoopFuture<String> failAfter(EventLoop loop, int millis, Exception e) {
        return loop.sleep(Duration.ofMillis(millis)).then(v -> loop.failed(e));
    }

    @Test
    void thenMapAndRecoverComposeLikeAwait() {
        try (var loop = quiet()) {
            String result = loop.runMain(() -> after(loop, 5, "a")
                    .then(a -> after(loop, 5, a + "b"))
                    .map(ab -> ab + "c")
                    .then(abc -> failAfter(loop, 1, new IOException("lost " + abc)))
                    .recover(e -> "recovered from " + e.getMessage()));
            assertThat(result).isEqualTo("recovered from lost abc");
        }
    }

    @Test
    void cancellingAChainCancelsTheOperationItWaitsOnAndRunsFinallyActions() {
        try (var loop = quiet()) {
            var events = new ArrayList<String>();
            LoopFuture<Void> timer = loop.sleep(Duration.ofHours(1));
            timer.onCancel(() -> events.add("timer cancelled"));
            LoopFuture<String> first = after(loop, 1, "x");
            LoopFuture<String> chain = first
                    .then(x -> timer.map(v -> x))
                    .map(x -> x + "!")
                    .andFinally(() -> events.add("finally ran"));
            loop.runUntilComplete(first);
            for (int turn = 0; turn < 5; turn++) { // let the chain reach its wait on the timer
                loop.runUntilComplete(loop.sleep(Duration.ZERO));
            }
            assertThat(chain.isDone()).isFalse();

            assertThat(chain.cancel()).isTrue();
            loop.runUntilComplete(loop.sleep(Duration.ZERO));
            assertThat(timer.isCancelled()).isTrue();
            assertThat(chain.isCancelled()).isTrue();
            assertThat(events).containsExactly("timer cancelled", "finally ran");
            assertThatThrownBy(chain::result).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
        try (var loop = quiet()) {
            boolean[] ran = {false};
            Task<String> task = loop.createTask("never", () -> {
                ran[0] = true;
                return loop.completed("ran");
            });
            assertThat(loop.allTasks()).contains(task);
            task.cancel();
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
            assertThat(ran[0]).isFalse();
            assertThat(task.isCancelled()).isTrue();
            assertThat(loop.allTasks()).doesNotContain(task);
        }
    }

    @Test
    void gatherKeepsInputOrderAndTheFirstFailurePropagatesWhileTheOthersGoOn() {
        try (var loop = quiet()) {
            List<String> values = loop.runMain(() -> Async.gather(after(loop, 30, "slow"), after(loop, 1, "fast"), after(loop, 10, "mid")));
            assertThat(values).containsExactly("slow", "fast", "mid");

            LoopFuture<String> survivor = after(loop, 1_000, "survivor");
            LoopFuture<List<String>> gathered = Async.gather(List.of(survivor, failAfter(loop, 5, new IOException("first")),
                    failAfter(loop, 10, new IOException("second"))));
            assertThatThrownBy(() -> loop.runUntilComplete(gathered)).hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("first");
            assertThat(survivor.isDone()).isFalse(); // asyncio: the other children are not cancelled
            assertThat(loop.runUntilComplete(survivor)).isEqualTo("survivor");
        }
    }

    @Test
    void cancellingAGatherCancelsItsChildren() {
        try (var loop = quiet()) {
            var children = List.of(after(loop, 10_000, "a"), after(loop, 10_000, "b"));
            var gathered = Async.gather(children);
            loop.callLater(Duration.ofMillis(5), gathered::cancel);
            assertThatThrownBy(() -> loop.runUntilComplete(gathered)).isInstanceOf(CancellationException.class);
            assertThat(children).allSatisfy(c -> assertThat(c.isCancelled()).isTrue());
        }
    }

    @Test
    void gatherReturnExceptionsListsEveryOutcomeAndNeverFails() {
        try (var loop = quiet()) {
            var cancelled = after(loop, 10_000, "never");
            loop.callLater(Duration.ofMillis(2), cancelled::cancel);
            List<Outcome<String>> outcomes = loop.runUntilComplete(Async.gatherReturnExceptions(List.of(
                    after(loop, 5, "ok"), failAfter(loop, 1, new IOException("bad")), cancelled)));
            assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("ok"));
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Failure.class,
                    f -> assertThat(f.failure()).isInstanceOf(IOException.class).hasMessage("bad"));
            assertThat(outcomes.get(2)).isInstanceOfSatisfying(Outcome.Failure.class,
                    f -> assertThat(f.failure()).isInstanceOf(CancellationException.class));
        }
    }

    @Test
    void waitForTimesOutAndCancelsWhatItWaitedOn() {
        try (var loop = quiet()) {
            LoopFuture<String> slow = after(loop, 10_000, "slow");
            var timed = Async.waitFor(slow, Duration.ofMillis(20));
            assertThatThrownBy(() -> loop.runUntilComplete(timed)).hasCauseInstanceOf(TimeoutException.class);
            assertThat(slow.isCancelled()).isTrue();

            String fast = loop.runUntilComplete(Async.waitFor(after(loop, 1, "fast"), Duration.ofSeconds(10)));
            assertThat(fast).isEqualTo("fast");
        }
    }

    @Test
    void waitSplitsDoneFromPendingWithoutCancelling() {
        try (var loop = quiet()) {
            var fast = after(loop, 1, "fast");
            var failing = failAfter(loop, 150, new IOException("x"));
            var slow = after(loop, 400, "slow");
            var all = List.of(slow, failing, fast);

            var first = loop.runUntilComplete(Async.wait(all, Async.WaitMode.FIRST_COMPLETED));
            assertThat(first.done()).containsExactly(fast);
            assertThat(first.pending()).containsExactly(slow, failing);

            var firstException = loop.runUntilComplete(Async.wait(all, Async.WaitMode.FIRST_EXCEPTION));
            assertThat(firstException.done()).containsExactlyInAnyOrder(fast, failing);
            assertThat(firstException.pending()).containsExactly(slow);

            var timedOut = loop.runUntilComplete(Async.wait(all, Async.WaitMode.ALL_COMPLETED, Duration.ofMillis(10)));
            assertThat(timedOut.pending()).containsExactly(slow);
            assertThat(slow.isCancelled()).isFalse();

            var everything = loop.runUntilComplete(Async.wait(all, Async.WaitMode.ALL_COMPLETED));
            assertThat(everything.done()).hasSize(3);
            failing.exception();
        }
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        try (var loop = quiet()) {
            var inOrder = Async.asCompleted(List.of(after(loop, 30, "c"), after(loop, 1, "a"), after(loop, 15, "b")));
            var seen = new ArrayList<String>();
            LoopFuture<Void> chain = loop.completed(null);
            for (LoopFuture<String> next : inOrder) {
                chain = chain.then(v -> next.map(s -> {
                    seen.add(s);
                    return null;
                }));
            }
            loop.runUntilComplete(chain);
            assertThat(seen).containsExactly("a", "b", "c");

            var withTimeout = Async.asCompleted(List.of(after(loop, 1, "quick"), after(loop, 60_000, "late")), Duration.ofSeconds(2));
            assertThat(loop.runUntilComplete(withTimeout.get(0))).isEqualTo("quick");
            assertThatThrownBy(() -> loop.runUntilComplete(withTimeout.get(1))).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void shieldKeepsTheInnerOperationRunningWhenTheOuterIsCancelled() {
        try (var loop = quiet()) {
            var inner = after(loop, 20, "inner");
            var outer = Async.shield(inner);
            outer.cancel();
            assertThat(loop.runUntilComplete(inner)).isEqualTo("inner");
            assertThat(outer.isCancelled()).isTrue();
        }
    }

    @Test
    void aTaskGroupFailsWithTheFirstFailureAndCancelsTheRest() {
        try (var loop = quiet()) {
            var sibling = new ArrayList<Task<String>>();
            var go = new LoopEvent(loop); // both failers fail in the same turn, before the group reacts
            LoopFuture<Void> group = TaskGroup.run(loop, g -> {
                sibling.add(g.spawn("sleeper", () -> after(loop, 10_000, "never")));
                g.spawn("failer", () -> go.waitSet().then(v -> loop.failed(new IOException("first"))));
                g.spawn("late failer", () -> go.waitSet().then(v -> loop.failed(new IOException("second"))));
            });
            loop.callLater(Duration.ofMillis(5), go::set);
            assertThatThrownBy(() -> loop.runUntilComplete(group)).hasRootCauseMessage("first")
                    .satisfies(e -> assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("second"));
            assertThat(sibling.getFirst().isCancelled()).isTrue();
        }
    }

    @Test
    void aTaskGroupWaitsForEveryTaskIncludingOnesSpawnedByTasks() {
        try (var loop = quiet()) {
            var group = TaskGroup.open(loop);
            var a = group.spawn(() -> after(loop, 5, "a"));
            var late = new ArrayList<Task<String>>();
            group.spawn(() -> after(loop, 1, "b").map(b -> {
                late.add(group.spawn(() -> after(loop, 20, "spawned by b")));
                return b;
            }));
            loop.runUntilComplete(group.join());
            assertThat(a.result()).isEqualTo("a");
            assertThat(late.getFirst().result()).isEqualTo("spawned by b");
            assertThatThrownBy(() -> group.spawn(() -> after(loop, 1, "too late"))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void cancellingATaskGroupCancelsItsTasks() {
        try (var loop = quiet()) {
            var group = TaskGroup.open(loop);
            var t = group.spawn(() -> after(loop, 10_000, "x"));
            var joined = group.join();
            loop.callLater(Duration.ofMillis(5), joined::cancel);
            assertThatThrownBy(() -> loop.runUntilComplete(joined)).isInstanceOf(CancellationException.class);
            loop.runUntilComplete(loop.sleep(Duration.ZERO));
            assertThat(t.isCancelled()).isTrue();
        }
    }

    @Test
    void completingTwiceIsAnErrorAndResultBeforeDoneToo() {
        try (var loop = quiet()) {
            LoopFuture<String> f = loop.createFuture();
            assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("not done");
            f.complete("x");
            assertThatThrownBy(() -> f.complete("y")).isInstanceOf(IllegalStateException.class);
            assertThat(f.tryFail(new IOException())).isFalse();
            assertThat(f.result()).isEqualTo("x");
        }
    }
}
