package dev.conclab.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failure of one task, or the death of its worker, stays with that task. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a deadlock guard, not a speed goal
class FailureIsolationTest {

    @TempDir
    Path dir;

    @Test
    void aTaskExceptionArrivesWithTheRemoteClassStackAndCause() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            Future<Object> f = pool.submit(Tasks.Fail.class, "boom");
            var e = catchCause(f);
            assertThat(e).isInstanceOf(RemoteTaskException.class);
            var remote = (RemoteTaskException) e;
            assertThat(remote.remoteClass()).isEqualTo("java.lang.IllegalStateException");
            assertThat(remote.remoteMessage()).isEqualTo("boom");
            assertThat(remote.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(remote.getStackTrace()).anySatisfy(frame -> {
                assertThat(frame.getClassName()).isEqualTo(Tasks.Fail.class.getName());
                assertThat(frame.getMethodName()).isEqualTo("deeper");
            });
            assertThat(((RemoteTaskException) remote.getCause()).remoteClass()).isEqualTo("java.lang.ArithmeticException");
            // The worker survived its task's exception and serves the next one.
            assertThat(pool.submit(Tasks.Square.class, 3L).get()).isEqualTo(9L);
            assertThat(pool.workersStarted()).isEqualTo(1);
        }
    }

    @Test
    void killMinus9OfAWorkerFailsOnlyItsTaskAndThePoolRecovers() throws Exception {
        try (var pool = ProcessPool.builder().workers(2).build()) {
            var args = new ArrayList<Object>();
            args.add(dir.toString());
            for (long i = 1; i <= 30; i++) {
                args.add(i);
            }
            // Item 0 hangs in one worker; items 1..30 are echoed, by the other worker and then by the replacement.
            List<Future<Object>> futures = new ArrayList<>();
            futures.add(pool.submit(Tasks.Hang.class, dir.toString()));
            futures.addAll(pool.mapAsync(Tasks.Echo.class, args.subList(1, args.size()), 1));
            long pid = awaitMarker();

            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL

            var crash = catchCause(futures.getFirst());
            assertThat(crash).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("signal 9");
            assertThat(((WorkerCrashedException) crash).pid()).isEqualTo(pid);
            assertThat(((WorkerCrashedException) crash).signal()).hasValue(9);
            for (int i = 1; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo((long) i);
            }
            awaitWorkers(pool, 2);
            assertThat(pool.workersStarted()).isEqualTo(3);
            assertThat(pool.crashes()).isEqualTo(1);
            assertThat(pool.map(Tasks.Square.class, List.of(4L, 5L), 1)).containsExactly(16L, 25L);
        }
    }

    @Test
    void aCrashInsideAChunkFailsTheRunningItemAndRequeuesTheRest() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            // One chunk: [ok, exit(7), ok, ok]. The exit kills the worker mid-chunk.
            var futures = pool.mapAsync(Tasks.ExitOrEcho.class, List.of(1, -7, 3, 4), 4);
            assertThat(futures.get(0).get()).isEqualTo(1);
            var crash = catchCause(futures.get(1));
            assertThat(crash).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 7");
            assertThat(((WorkerCrashedException) crash).exitCode()).isEqualTo(7);
            assertThat(futures.get(2).get()).isEqualTo(3);
            assertThat(futures.get(3).get()).isEqualTo(4);
        }
    }

    @Test
    void outOfMemoryInAWorkerIsACrashOfThatTaskOnly() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).jvmArgs(List.of("-Xmx32m", "-XX:+UseSerialGC")).build()) {
            var crash = catchCause(pool.submit(Tasks.Oom.class, null));
            assertThat(crash).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("out of memory");
            assertThat(pool.submit(Tasks.Square.class, 2L).get()).isEqualTo(4L);
        }
    }

    @Test
    void aTaskOverTheTimeoutIsKilledAndOthersRun() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).taskTimeout(Duration.ofMillis(300)).build()) {
            long first = pool.workers().getFirst().pid();
            var hung = pool.submit(Tasks.Hang.class, dir.toString());
            var next = pool.submit(Tasks.Square.class, 6L);
            var timeout = catchCause(hung);
            assertThat(timeout).isInstanceOf(TaskTimedOutException.class).hasMessageContaining("300 ms");
            assertThat(((TaskTimedOutException) timeout).pid()).isEqualTo(first);
            assertThat(next.get()).isEqualTo(36L);
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void cancellingARunningTaskKillsItsWorker() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            var hung = pool.submit(Tasks.Hang.class, dir.toString());
            long pid = awaitMarker();
            assertThat(hung.cancel(true)).isTrue();
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            assertThat(pool.submit(Tasks.Square.class, 7L).get()).isEqualTo(49L);
            assertThat(pool.crashes()).isZero();
        }
    }

    @Test
    void badInputGetsAClearErrorAtSubmission() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            assertThatThrownBy(() -> pool.submit(Tasks.Echo.class, new Thread()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 0 of " + Tasks.Echo.class.getName() + " of type java.lang.Thread cannot be sent");
            assertThatThrownBy(() -> pool.submit(Tasks.Echo.class, java.util.Map.of(1, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map key java.lang.Integer");
            assertThatThrownBy(() -> pool.submit(new ProcessCall<>("no.such.Task", 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown task class 'no.such.Task'");
            assertThatThrownBy(() -> pool.submit(() -> 42))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ProcessPool.call(TaskClass.class, argument)");
            assertThatThrownBy(() -> pool.submit(Tasks.NoConstructor.class, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no public no-argument constructor");
            assertThatThrownBy(() -> pool.map(Tasks.Square.class, List.of(1L), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunksize must be >= 1");
            assertThatThrownBy(() -> ProcessPool.builder().workers(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers must be >= 1");
            // Nothing of the rejected submissions reached the worker.
            assertThat(pool.submit(Tasks.Square.class, 1L).get()).isEqualTo(1L);
        }
    }

    @Test
    void aWorkerJvmThatCannotStartIsReportedWithWhatItSaid() {
        assertThatThrownBy(() -> ProcessPool.builder().workers(1).jvmArgs(List.of("-XX:+NoSuchOptionAnywhere")).build())
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("NoSuchOptionAnywhere");
    }

    @Test
    void anUnencodableResultFailsThatTaskWithAClearError() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            var e = (RemoteTaskException) catchCause(pool.submit(Tasks.BadResult.class, null));
            assertThat(e.remoteClass()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(e.remoteMessage()).contains("java.lang.StringBuilder cannot be sent");
        }
    }

    @Test
    void shutdownNowKillsWorkersAndReturnsWhatNeverStarted() throws Exception {
        var pool = ProcessPool.builder().workers(1).build();
        var hung = pool.submit(Tasks.Hang.class, dir.toString());
        var queued = pool.submit(Tasks.Square.class, 2L);
        long pid = awaitMarker();
        List<Runnable> pending = pool.shutdownNow();
        assertThat(pending).singleElement().isEqualTo(new ProcessCall<>(Tasks.Square.class.getName(), 2L));
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(hung.isCancelled()).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private long awaitMarker() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                var found = files.findFirst();
                if (found.isPresent()) {
                    return Long.parseLong(found.get().getFileName().toString());
                }
            }
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        throw new AssertionError("the hanging task never started");
    }

    static void awaitWorkers(ProcessPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pool.workers().size() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pool has " + pool.workers().size() + " workers, expected " + n);
            }
            Thread.sleep(5);
        }
    }

    static Throwable catchCause(Future<?> f) throws InterruptedException {
        try {
            f.get();
            throw new AssertionError("expected the task to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
