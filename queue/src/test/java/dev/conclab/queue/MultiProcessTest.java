package dev.conclab.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workers as real processes sharing a SQLite file (Redis has the same tests in RedisQueueTest): crashes,
 * delays longer than the lease, SIGTERM, and the processes pool.
 */
class MultiProcessTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static List<String> lines(Path p) throws Exception {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    static void awaitLines(Path p, int n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines(p).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lines(p)).hasSizeGreaterThanOrEqualTo(n);
    }

    @Test
    void killMinus9MidTaskRedeliversAfterTheLeaseAndTheTaskCompletes() throws Exception {
        String url = "sqlite:" + dir.resolve("q.db");
        Path marks = dir.resolve("marks.txt");
        try (var q = TaskQueue.connect(url);
             var doomed = WorkerProcess.start(url, "--lease-ms", "1500", "--concurrency", "1", "--prefetch", "0")) {
            AsyncResult r = q.send("record", List.of(marks.toString(), 120_000));
            awaitLines(marks, 1);
            assertThat(lines(marks).getFirst()).contains(" " + doomed.pid() + " ");
            doomed.kill9();
            long killedAt = System.currentTimeMillis();
            try (var rescuer = WorkerProcess.start(url, "--lease-ms", "1500", "--tasks", FastRecord.class.getName())) {
                long pid = r.get(WAIT, Long.class);
                assertThat(pid).isEqualTo(rescuer.pid());
                List<String> l = lines(marks);
                assertThat(l).hasSize(2);
                assertThat(l.get(0).split(" ")[0]).isEqualTo(l.get(1).split(" ")[0]);
                // redelivered only once the dead worker's lease had run out
                assertThat(Long.parseLong(l.get(1).split(" ")[3]) - killedAt).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void anEtaFarBeyondTheLeaseRunsExactlyOnceAtItsTime() throws Exception {
        String url = "sqlite:" + dir.resolve("eta.db");
        Path marks = dir.resolve("eta.txt");
        try (var q = TaskQueue.connect(url);
             var a = WorkerProcess.start(url, "--lease-ms", "600");
             var b = WorkerProcess.start(url, "--lease-ms", "600")) {
            long sent = System.currentTimeMillis();
            AsyncResult late = q.send("record", List.of(marks.toString()), TaskOptions.defaults().withCountdown(Duration.ofMillis(3_000)));
            late.get(WAIT);
            // a sentinel due two leases later: by the time it ran, any duplicate of the first would have too
            q.send("noop", List.of(), TaskOptions.defaults().withCountdown(Duration.ofMillis(1_200))).get(WAIT);
            List<String> l = lines(marks);
            assertThat(l).hasSize(1);
            assertThat(Long.parseLong(l.getFirst().split(" ")[3]) - sent).isGreaterThanOrEqualTo(3_000);
        }
    }

    @Test
    void sigtermFinishesRunningTasksReleasesTheRestAndLosesNothing() throws Exception {
        String url = "sqlite:" + dir.resolve("term.db");
        try (var q = TaskQueue.connect(url)) {
            var results = new ArrayList<AsyncResult>();
            for (int i = 0; i < 8; i++) {
                results.add(q.send("sleep", List.of(800)));
            }
            var w = WorkerProcess.start(url, "--concurrency", "2", "--prefetch", "2", "--grace-ms", "20000");
            QueueContractTest.awaitState(results.get(0), TaskState.STARTED);
            w.sigterm();
            assertThat(w.awaitExit(WAIT)).isTrue();
            long done = results.stream().filter(r -> r.state() == TaskState.SUCCESS).count();
            assertThat(done).isGreaterThanOrEqualTo(1);
            assertThat(q.broker().stats().get("default").leased()).isZero();
            try (var next = WorkerProcess.start(url, "--concurrency", "8")) {
                for (AsyncResult r : results) {
                    assertThat(r.get(WAIT).asInt()).isEqualTo(800);
                }
            }
        }
    }

    @Test
    void processesPoolRunsTasksInChildJvmsAndAHardLimitKillsTheChild() throws Exception {
        try (var q = TaskQueue.connect("sqlite:" + dir.resolve("procs.db"))) {
            q.register(new BuiltinTasks());
            var log = new java.util.concurrent.CopyOnWriteArrayList<String>();
            try (var w = q.startWorker(WorkerOptions.defaults().withPool(WorkerOptions.Pool.PROCESSES, 2).withLog(log::add))) {
                Path marks = dir.resolve("procs.txt");
                var rs = new ArrayList<AsyncResult>();
                for (int i = 0; i < 6; i++) {
                    rs.add(q.send("record", List.of(marks.toString(), 50)));
                }
                var pids = new java.util.HashSet<Long>();
                for (AsyncResult r : rs) {
                    pids.add(r.get(WAIT, Long.class));
                }
                assertThat(pids).doesNotContain(ProcessHandle.current().pid()).hasSizeBetween(1, 2);
                var stuck = q.send("spin", List.of(60_000), TaskOptions.defaults().withTimeLimits(null, Duration.ofMillis(500)));
                assertThatThrownBy(() -> stuck.get(WAIT)).hasMessageContaining("child process killed");
                assertThat(log).anySatisfy(l -> assertThat(l).contains("exceeded its hard time limit"));
                assertThat(q.send("add", List.of(20, 22)).get(WAIT).asInt()).isEqualTo(42);
                var soft = q.send("sleep", List.of(60_000), TaskOptions.defaults().withTimeLimits(Duration.ofMillis(200), null));
                assertThatThrownBy(() -> soft.get(WAIT)).hasMessageContaining("soft time limit exceeded");
            }
        }
    }

    @Test
    void aChildJvmThatCannotStartFailsTheTaskInsteadOfHangingTheWorker() throws Exception {
        try (var q = TaskQueue.connect("memory:procs-broken-" + System.nanoTime())) {
            q.register(new BuiltinTasks());
            var log = new java.util.concurrent.CopyOnWriteArrayList<String>();
            // a JVM option the JVM refuses: every child exits at once
            var o = WorkerOptions.defaults().withPool(WorkerOptions.Pool.PROCESSES, 1).withLog(log::add)
                    .withChildJvmOptions(List.of("-XX:+NoSuchOptionAnywhere"));
            try (var w = q.startWorker(o)) {
                assertThatThrownBy(() -> q.send("add", List.of(1, 2)).get(WAIT)).isInstanceOf(TaskFailedException.class)
                        .hasMessageContaining("died");
            }
        }
    }

    @Test
    void lambdaTasksAreRefusedByTheProcessesPoolWithAReason() throws Exception {
        try (var q = TaskQueue.connect("memory:procs-lambda")) {
            q.register("inline", ctx -> 1);
            try (var w = q.startWorker(WorkerOptions.defaults().withPool(WorkerOptions.Pool.PROCESSES, 1).withLog(l -> { }))) {
                assertThatThrownBy(() -> q.send("inline", List.of()).get(WAIT)).hasMessageContaining("registered as a lambda");
            }
        }
    }
}
