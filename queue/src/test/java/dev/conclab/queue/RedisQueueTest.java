package dev.conclab.queue;

import dev.conclab.queue.broker.BrokerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker contract on a real redis-server, plus what only a server can do: go away and come back. */
class RedisQueueTest extends QueueContractTest {

    @TempDir
    static Path serverDir;
    static RedisServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(serverDir, false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String freshUrl() throws Exception {
        server.flushAll();
        return server.url();
    }

    @Test
    void unreachableBrokerIsAOneLineError() {
        assertThatThrownBy(() -> TaskQueue.connect("redis://127.0.0.1:1/0"))
                .isInstanceOf(BrokerException.class)
                .hasMessageStartingWith("redis://127.0.0.1:1/0 unreachable:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void brokerDownAtSendIsAClearErrorAndNothingIsHalfSent() throws Exception {
        Path d = Files.createDirectories(dir.resolve("down"));
        try (var own = RedisServer.start(d, true); var q = TaskQueue.connect(own.url())) {
            q.send("noop", List.of()).id();
            own.stop();
            assertThatThrownBy(() -> q.send("add", List.of(1, 2), TaskOptions.defaults().withIdempotencyKey("once")))
                    .isInstanceOf(BrokerException.class).hasMessageContaining("unreachable");
            own.start();
            // the failed send left no idempotency key behind: sending again creates the task
            var again = q.send("add", List.of(1, 2), TaskOptions.defaults().withIdempotencyKey("once"));
            q.register(new BuiltinTasks());
            try (var w = q.startWorker(options())) {
                assertThat(again.get(WAIT).asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    void workersReconnectAfterARestartAndFinishEverything() throws Exception {
        Path d = Files.createDirectories(dir.resolve("restart"));
        try (var own = RedisServer.start(d, true); var q = TaskQueue.connect(own.url())) {
            q.register(new BuiltinTasks());
            var results = new ArrayList<AsyncResult>();
            for (int i = 0; i < 200; i++) {
                results.add(q.send("sleep", List.of(10)));
            }
            try (var w = q.startWorker(options().withPool(WorkerOptions.Pool.VIRTUAL, 4))) {
                QueueContractTest.awaitState(results.get(0), TaskState.SUCCESS);
                own.stop();
                own.start();
                for (AsyncResult r : results) {
                    assertThat(r.get(WAIT).asInt()).isEqualTo(10);
                }
                assertThat(log).as("the outage was noticed, in one line each time").anySatisfy(l -> assertThat(l).contains("unreachable"));
            }
        }
    }

    @Test
    void killMinus9MidTaskIsReclaimedAfterTheLease() throws Exception {
        String url = freshUrl();
        Path marks = dir.resolve("marks.txt");
        try (var q = TaskQueue.connect(url);
             var doomed = WorkerProcess.start(url, "--lease-ms", "1500", "--concurrency", "1", "--prefetch", "0")) {
            AsyncResult r = q.send("record", List.of(marks.toString(), 120_000));
            MultiProcessTest.awaitLines(marks, 1);
            doomed.kill9();
            try (var rescuer = WorkerProcess.start(url, "--lease-ms", "1500", "--tasks", FastRecord.class.getName())) {
                assertThat(r.get(WAIT, Long.class)).isEqualTo(rescuer.pid());
                assertThat(MultiProcessTest.lines(marks)).hasSize(2);
            }
        }
    }

    @Test
    void anEtaFarBeyondTheLeaseRunsExactlyOnce() throws Exception {
        String url = freshUrl();
        Path marks = dir.resolve("eta.txt");
        try (var q = TaskQueue.connect(url);
             var a = WorkerProcess.start(url, "--lease-ms", "600");
             var b = WorkerProcess.start(url, "--lease-ms", "600")) {
            long sent = System.currentTimeMillis();
            q.send("record", List.of(marks.toString()), TaskOptions.defaults().withCountdown(Duration.ofMillis(3_000))).get(WAIT);
            q.send("noop", List.of(), TaskOptions.defaults().withCountdown(Duration.ofMillis(1_200))).get(WAIT);
            List<String> l = MultiProcessTest.lines(marks);
            assertThat(l).hasSize(1);
            assertThat(Long.parseLong(l.getFirst().split(" ")[3]) - sent).isGreaterThanOrEqualTo(3_000);
        }
    }
}
