package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.queue.broker.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every broker must do, run against each (memory, SQLite, Redis) by a subclass that says how to get a
 * fresh broker URL. Time bounds are deadlock guards, never synchronisation.
 */
abstract class QueueContractTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    final List<String> log = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new ArrayList<>();

    /** A URL naming a broker no other test uses. */
    abstract String freshUrl() throws Exception;

    TaskQueue queue() throws Exception {
        var q = TaskQueue.connect(freshUrl());
        q.register(new BuiltinTasks());
        toClose.add(q);
        return q;
    }

    WorkerOptions options() {
        return WorkerOptions.defaults().withLease(Duration.ofSeconds(3)).withGrace(Duration.ofSeconds(5))
                .withLog(log::add);
    }

    Worker worker(TaskQueue q, WorkerOptions o) {
        Worker w = q.startWorker(o);
        toClose.add(0, w);
        return w;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    static List<Broker.DeadLetter> awaitDeadLetters(Broker b, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var d = b.deadLetters(100);
            if (d.size() >= n) {
                return d;
            }
            Thread.sleep(10);
        }
        return b.deadLetters(100);
    }

    @Test
    void sendsAndGetsAResultInEveryPool() throws Exception {
        for (WorkerOptions.Pool pool : List.of(WorkerOptions.Pool.VIRTUAL, WorkerOptions.Pool.THREADS, WorkerOptions.Pool.SOLO)) {
            var q = queue();
            try (var w = q.startWorker(options().withPool(pool, 2))) {
                AsyncResult r = q.send("add", List.of(2, 3));
                assertThat(r.get(WAIT, Integer.class)).as(pool.name()).isEqualTo(5);
                assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(q.result(r.id()).get(WAIT).asInt()).isEqualTo(5);
            }
        }
    }

    @Test
    void unknownIdIsPendingAndStatesMoveThroughStarted() throws Exception {
        var q = queue();
        assertThat(q.result("no-such-id").state()).isEqualTo(TaskState.PENDING);
        AsyncResult r = q.send("sleep", List.of(60_000));
        assertThat(r.state()).isEqualTo(TaskState.PENDING);
        var w = worker(q, options().withGrace(Duration.ofMillis(100)));
        awaitState(r, TaskState.STARTED);
        assertThatThrownBy(() -> r.get(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
    }

    static void awaitState(AsyncResult r, TaskState s) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (r.state() != s && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(r.state()).isEqualTo(s);
    }

    @Test
    void manyTasksAllComplete() throws Exception {
        var q = queue();
        worker(q, options().withPool(WorkerOptions.Pool.VIRTUAL, 8));
        var results = new ArrayList<AsyncResult>();
        for (int i = 0; i < 500; i++) {
            results.add(q.send("add", List.of(i, 1)));
        }
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get(WAIT).asInt()).isEqualTo(i + 1);
        }
    }

    @Test
    void failureIsReportedWithTheTasksError() throws Exception {
        var q = queue();
        worker(q, options());
        AsyncResult r = q.send("fail", List.of("boom"));
        assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class).hasMessageContaining("boom");
        assertThat(r.state()).isEqualTo(TaskState.FAILURE);
        assertThat(q.broker().deadLetters(10)).isEmpty();
    }

    @Test
    void badInputGoesToTheDeadLetterQueueAndTheWorkerKeepsRunning() throws Exception {
        var q = queue();
        worker(q, options());
        q.broker().publishRaw("default", "{this is not json");
        q.broker().publishRaw("default", "{\"v\":1,\"id\":\"x\",\"args\":[]}");
        AsyncResult unknown = q.send("no.such.task", List.of(1));
        AsyncResult badArgs = q.send("add", List.of("one", "two"));
        AsyncResult missing = q.send("add", List.of(1));
        assertThatThrownBy(() -> unknown.get(WAIT)).hasMessageContaining("unknown task 'no.such.task'");
        assertThatThrownBy(() -> badArgs.get(WAIT)).hasMessageContaining("undecodable arguments").hasMessageContaining("\"one\"");
        assertThatThrownBy(() -> missing.get(WAIT)).hasMessageContaining("needs argument 1");
        var dead = awaitDeadLetters(q.broker(), 5);
        assertThat(dead).extracting(Broker.DeadLetter::reason).anySatisfy(r -> assertThat(r).startsWith("malformed message: not JSON"))
                .anySatisfy(r -> assertThat(r).isEqualTo("malformed message: field 'task' must be a non-empty string"))
                .anySatisfy(r -> assertThat(r).contains("unknown task 'no.such.task'").contains("add"))
                .anySatisfy(r -> assertThat(r).contains("undecodable arguments for task 'add'"));
        // still working
        assertThat(q.send("add", List.of(1, 1)).get(WAIT).asInt()).isEqualTo(2);
    }

    @Test
    void countdownAndEtaAreNotRunEarly() throws Exception {
        var q = queue();
        worker(q, options());
        long sent = System.currentTimeMillis();
        AsyncResult countdown = q.send("noop", List.of(), TaskOptions.defaults().withCountdown(Duration.ofMillis(600)));
        AsyncResult eta = q.send("noop", List.of(), TaskOptions.defaults().withEta(Instant.now().plusMillis(800)));
        assertThat(q.broker().scheduled(10)).hasSize(2);
        countdown.get(WAIT);
        long c = System.currentTimeMillis();
        eta.get(WAIT);
        long e = System.currentTimeMillis();
        // Lower bounds only (not run early); a slow machine cannot fail them.
        assertThat(c - sent).isGreaterThanOrEqualTo(600);
        assertThat(e - sent).isGreaterThanOrEqualTo(800);
    }

    @Test
    void expiredTaskIsRevokedNotRun() throws Exception {
        var q = queue();
        AsyncResult r = q.send("noop", List.of(), TaskOptions.defaults().withExpires(Duration.ofMillis(50)));
        Thread.sleep(100); // let it expire before any worker exists: the point of the test
        worker(q, options());
        assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class).hasMessageContaining("REVOKED")
                .hasMessageContaining("expired");
        assertThat(r.state()).isEqualTo(TaskState.REVOKED);
    }

    @Test
    void retriesWithBackoffThenSucceeds() throws Exception {
        var q = queue();
        worker(q, options());
        AsyncResult r = q.send("flaky", List.of(2),
                TaskOptions.defaults().withRetries(3, Duration.ofMillis(20), Duration.ofMillis(100)));
        assertThat(r.get(WAIT).asInt()).isEqualTo(2);
        assertThat(r.attempt()).isEqualTo(3);
    }

    @Test
    void exhaustedRetriesFailAndDeadLetterWithTheReason() throws Exception {
        var q = queue();
        worker(q, options());
        AsyncResult r = q.send("flaky", List.of(10),
                TaskOptions.defaults().withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)).withJitter(false));
        assertThatThrownBy(() -> r.get(WAIT)).hasMessageContaining("retries exhausted after 3 attempts")
                .hasMessageContaining("flaky: attempt 3 fails");
        assertThat(awaitDeadLetters(q.broker(), 1)).singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("retries exhausted after 3 attempts"));
    }

    @Test
    void backoffDoublesUpToItsMaximumAndJitterStaysWithin() {
        var base = new Message("i", "t", Json.NODES.arrayNode(), "q", 0, 0, 9, 100, 1000, false, 0, 0, 0, 0, null, 0);
        assertThat(Worker.backoff(base)).isEqualTo(100);
        assertThat(Worker.backoff(base.nextAttempt(0))).isEqualTo(200);
        assertThat(Worker.backoff(base.nextAttempt(0).nextAttempt(0).nextAttempt(0).nextAttempt(0))).isEqualTo(1000);
        var jittered = new Message("i", "t", Json.NODES.arrayNode(), "q", 0, 3, 9, 100, 1000, true, 0, 0, 0, 0, null, 0);
        for (int i = 0; i < 200; i++) {
            assertThat(Worker.backoff(jittered)).isBetween(0L, 800L);
        }
    }

    @Test
    void taskCanAskForItsOwnRetry() throws Exception {
        var q = queue();
        var calls = new AtomicInteger();
        q.register("again", ctx -> {
            if (calls.incrementAndGet() < 3) {
                throw ctx.retry(Duration.ofMillis(10));
            }
            return ctx.attempt();
        });
        worker(q, options());
        assertThat(q.send("again", List.of(), TaskOptions.defaults().withRetries(5)).get(WAIT).asInt()).isEqualTo(2);
    }

    @Test
    void failNowSkipsTheRetriesLeft() throws Exception {
        var q = queue();
        var calls = new AtomicInteger();
        q.register("refuse", ctx -> {
            calls.incrementAndGet();
            throw ctx.fail("card declined");
        });
        worker(q, options());
        var r = q.send("refuse", List.of(), TaskOptions.defaults().withRetries(5, Duration.ofMillis(1), Duration.ofMillis(5)));
        assertThatThrownBy(() -> r.get(WAIT)).hasMessageContaining("FAILURE: card declined");
        assertThat(calls).hasValue(1);
        assertThat(q.broker().deadLetters(10)).isEmpty();
    }

    @Test
    void softTimeLimitInterruptsAndLetsTheTaskCleanUp() throws Exception {
        var q = queue();
        q.register("polite", ctx -> {
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                return ctx.softTimeLimitExceeded() ? "cleaned up" : "interrupted";
            }
        });
        worker(q, options());
        var r = q.send("polite", List.of(), TaskOptions.defaults().withTimeLimits(Duration.ofMillis(100), null));
        assertThat(r.get(WAIT).asText()).isEqualTo("cleaned up");
    }

    @Test
    void hardTimeLimitStopsATaskThatIgnoresInterruptsAndTheWorkerGoesOn() throws Exception {
        var q = queue();
        // Spins, ignoring interrupts, until the test lets it go: the failure must arrive while it still runs.
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        var spinning = new java.util.concurrent.atomic.AtomicBoolean();
        q.register("spin-until-released", ctx -> {
            spinning.set(true);
            long x = 0;
            while (!released.get()) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            spinning.set(false);
            return x;
        });
        worker(q, options().withPool(WorkerOptions.Pool.THREADS, 1));
        var r = q.send("spin-until-released", List.of(), TaskOptions.defaults().withTimeLimits(null, Duration.ofMillis(200)));
        try {
            assertThatThrownBy(() -> r.get(WAIT)).hasMessageContaining("hard time limit of 200 ms exceeded (thread interrupted and abandoned)");
            assertThat(spinning).as("the task failed without waiting for the spinning thread").isTrue();
            // the slot was freed although the spinning thread still runs
            assertThat(q.send("add", List.of(1, 2)).get(WAIT).asInt()).isEqualTo(3);
            assertThat(spinning).isTrue();
        } finally {
            released.set(true);
        }
    }

    @Test
    void higherPriorityRunsFirst() throws Exception {
        var q = queue();
        var order = Collections.synchronizedList(new ArrayList<Integer>());
        q.register("note", ctx -> order.add(ctx.arg(0, int.class)));
        var sent = new ArrayList<AsyncResult>();
        for (int p : new int[]{0, 5, 9, 1, 9, 0}) {
            sent.add(q.send("note", List.of(p), TaskOptions.defaults().withPriority(p)));
        }
        worker(q, options().withPool(WorkerOptions.Pool.SOLO, 1).withPrefetch(0));
        for (AsyncResult r : sent) {
            r.get(WAIT);
        }
        assertThat(order).containsExactly(9, 9, 5, 1, 0, 0);
    }

    @Test
    void idempotencyKeySendsOnce() throws Exception {
        var q = queue();
        var first = q.send("add", List.of(1, 2), TaskOptions.defaults().withIdempotencyKey("k1"));
        var second = q.send("add", List.of(1, 2), TaskOptions.defaults().withIdempotencyKey("k1"));
        var other = q.send("add", List.of(1, 2), TaskOptions.defaults().withIdempotencyKey("k2"));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
        worker(q, options());
        assertThat(first.get(WAIT).asInt()).isEqualTo(3);
        assertThat(other.get(WAIT).asInt()).isEqualTo(3);
        assertThat(q.broker().stats().values().stream().mapToLong(s -> s.ready() + s.leased()).sum()).isZero();
    }

    @Test
    void progressIsVisibleAndCallbacksRun() throws Exception {
        var q = queue();
        worker(q, options());
        var r = q.send("progress", List.of(3, 30));
        var seen = new CopyOnWriteArrayList<JsonNode>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!r.ready() && System.nanoTime() < deadline) {
            JsonNode p = r.progress();
            if (p != null) {
                seen.add(p);
            }
            Thread.sleep(5);
        }
        assertThat(seen).isNotEmpty();
        assertThat(seen.getFirst().path("of").asInt()).isEqualTo(3);
        var called = new CountDownLatch(1);
        q.send("add", List.of(1, 1)).whenDone(done -> called.countDown());
        assertThat(called.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void annotatedMethodsAreTasks() throws Exception {
        var q = queue();
        q.registerAnnotated(new Object() {
            @QueueTask("greet")
            public String greet(String who, int times) {
                return ("hi " + who + " ").repeat(times).trim();
            }

            @QueueTask
            public int attemptOf(TaskContext ctx) {
                return ctx.attempt();
            }
        });
        worker(q, options());
        assertThat(q.send("greet", List.of("ann", 2)).get(WAIT).asText()).isEqualTo("hi ann hi ann");
        assertThat(q.send("attemptOf", List.of()).get(WAIT).asInt()).isZero();
        assertThatThrownBy(() -> q.send("greet", List.of("ann")).get(WAIT)).hasMessageContaining("takes 2 argument(s), got 1");
    }

    @Test
    void gracefulShutdownLosesNothing() throws Exception {
        var q = queue();
        var results = new ArrayList<AsyncResult>();
        for (int i = 0; i < 40; i++) {
            results.add(q.send("sleep", List.of(i % 2 == 0 ? 50 : 5_000)));
        }
        var first = q.startWorker(options().withPool(WorkerOptions.Pool.VIRTUAL, 4).withPrefetch(4)
                .withGrace(Duration.ofMillis(300)));
        awaitState(results.get(1), TaskState.STARTED);
        first.shutdown(Duration.ofMillis(300));
        assertThat(first.stats().active()).isZero();
        // every message is back, none lost: a second worker finishes them all (long ones shortened by a new task body)
        q.register("sleep", ctx -> ctx.arg(0, long.class));
        worker(q, options().withPool(WorkerOptions.Pool.VIRTUAL, 40));
        for (AsyncResult r : results) {
            r.get(WAIT);
        }
    }

    @Test
    void aWorkerTakesOnlyFromItsQueues() throws Exception {
        var q = queue();
        var mail = q.send("add", List.of(1, 1), TaskOptions.defaults().withQueue("mail"));
        var other = q.send("add", List.of(2, 2), TaskOptions.defaults().withQueue("reports"));
        worker(q, options().withQueues(List.of("mail", "default")));
        assertThat(mail.get(WAIT).asInt()).isEqualTo(2);
        assertThatThrownBy(() -> other.get(Duration.ofMillis(300))).isInstanceOf(TimeoutException.class);
        assertThat(q.broker().stats().get("reports").ready()).isEqualTo(1);
    }

    @Test
    void prefetchBoundsWhatAWorkerLeases() throws Exception {
        var q = queue();
        var gate = new CountDownLatch(1);
        q.register("gated", ctx -> {
            gate.await();
            return null;
        });
        var sent = new ArrayList<AsyncResult>();
        for (int i = 0; i < 10; i++) {
            sent.add(q.send("gated", List.of()));
        }
        worker(q, options().withPool(WorkerOptions.Pool.THREADS, 2).withPrefetch(1));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.broker().stats().get("default").leased() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        var stats = q.broker().stats().get("default");
        assertThat(stats.leased()).as("concurrency 2 + prefetch 1").isEqualTo(3);
        assertThat(stats.ready()).isEqualTo(7);
        gate.countDown();
        for (AsyncResult r : sent) {
            r.get(WAIT);
        }
    }

    @Test
    void purgeRemovesWaitingMessages() throws Exception {
        var q = queue();
        for (int i = 0; i < 5; i++) {
            q.send("noop", List.of());
        }
        q.send("noop", List.of(), TaskOptions.defaults().withCountdown(Duration.ofHours(1)));
        q.send("noop", List.of(), TaskOptions.defaults().withQueue("other"));
        assertThat(q.broker().stats().get("default")).isEqualTo(new Broker.QueueStats(5, 1, 0));
        assertThat(q.broker().purge("default")).isEqualTo(6);
        assertThat(q.broker().stats().get("other").ready()).isEqualTo(1);
    }

    @Test
    void workersAreListedByTheirHeartbeats() throws Exception {
        var q = queue();
        var w = worker(q, options().withName("hb-1"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.broker().workers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(q.broker().workers()).singleElement().satisfies(j -> assertThat(j).contains("\"id\":\"hb-1\""));
    }
}
