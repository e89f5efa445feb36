package dev.conclab.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results, ordering and the ExecutorService surface, against real worker JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a deadlock guard, not a speed goal
class ProcessPoolTest {

    @Test
    void mapKeepsArgumentOrderAtEveryChunkSize() throws Exception {
        List<Long> args = LongStream.range(0, 50).boxed().toList();
        List<Long> squares = args.stream().map(n -> n * n).toList();
        try (var pool = ProcessPool.builder().workers(2).build()) {
            assertThat(pool.map(Tasks.Square.class, args, 1)).isEqualTo(squares);
            assertThat(pool.map(Tasks.Square.class, args, 7)).isEqualTo(squares);
            assertThat(pool.map(Tasks.Square.class, args)).isEqualTo(squares);
            assertThat(pool.imap(Tasks.Square.class, args, 3).toList()).isEqualTo(squares);
            assertThat(pool.imapUnordered(Tasks.Square.class, args, 2).toList()).containsExactlyInAnyOrderElementsOf(squares);
            assertThat(pool.map(Tasks.Square.class, List.of(), 1)).isEmpty();
        }
    }

    @Test
    void mapSpreadsWorkOverEveryWorker() throws Exception {
        try (var pool = ProcessPool.builder().workers(2).build()) {
            var pids = new HashSet<>(pool.map(Tasks.Pid.class, java.util.Collections.nCopies(40, null), 1));
            assertThat(pids).isSubsetOf(pool.workers().stream().map(ProcessHandle::pid).toList());
            assertThat(pids).doesNotContain(ProcessHandle.current().pid());
        }
    }

    @Test
    void starmapPassesEachListAsTheArguments() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            assertThat(pool.starmap(Tasks.Add.class, List.of(List.of(1L, 2L), List.of(40, 2)), 1)).containsExactly(3L, 42L);
        }
    }

    @Test
    void everyEncodableTypeSurvivesTheRoundTrip() throws Exception {
        var map = new LinkedHashMap<String, Object>();
        map.put("null", null);
        map.put("nested", List.of(1, List.of("two", 3.0)));
        List<Object> values = Arrays.asList(null, true, false, 7, 7L, 2.5, "héllo ✓", "", List.of(), map);
        try (var pool = ProcessPool.builder().workers(1).build()) {
            assertThat(pool.map(Tasks.Echo.class, values, 3)).isEqualTo(values);
            assertThat((byte[]) pool.submit(Tasks.Echo.class, new byte[]{1, 2, 3}).get()).containsExactly(1, 2, 3);
            assertThat((int[]) pool.submit(Tasks.Echo.class, new int[]{-1, 2}).get()).containsExactly(-1, 2);
            assertThat((long[]) pool.submit(Tasks.Echo.class, new long[]{Long.MIN_VALUE}).get()).containsExactly(Long.MIN_VALUE);
            assertThat((double[]) pool.submit(Tasks.Echo.class, new double[]{Math.PI}).get()).containsExactly(Math.PI);
            assertThat(pool.submit(Tasks.Echo.class, 7).get()).isInstanceOf(Integer.class);
            long[] big = new java.util.Random(42).longs(1 << 20).toArray();
            assertThat((long[]) pool.submit(Tasks.Echo.class, big).get()).isEqualTo(big);
            assertThat(ProcessPool.encodedSize(big)).isEqualTo(1 + 4 + 8L * big.length);
        }
    }

    @Test
    void executorServiceMethodsTakeProcessCalls() throws Exception {
        try (var pool = ProcessPool.builder().workers(2).build()) {
            Future<Long> one = pool.submit(ProcessPool.call(Tasks.Square.class, 9L));
            assertThat(one.get()).isEqualTo(81L);

            List<Callable<Long>> calls = List.of(ProcessPool.call(Tasks.Square.class, 2L), ProcessPool.call(Tasks.Square.class, 3L));
            var all = pool.invokeAll(calls);
            assertThat(all.get(0).get()).isEqualTo(4L);
            assertThat(all.get(1).get()).isEqualTo(9L);

            List<Callable<Object>> any = List.of(ProcessPool.call(Tasks.Fail.class, "no"), ProcessPool.call(Tasks.Echo.class, "yes"));
            assertThat(pool.invokeAny(any)).isEqualTo("yes");

            assertThat(pool.submit(ProcessPool.call(Tasks.Square.class, 5L), "done").get()).isEqualTo("done");
        }
    }

    @Test
    void theJvmsOwnWarningsDoNotCorruptTheProtocol() throws Exception {
        // By default the JVM prints this error to stdout, the pool's channel; the pool sends it to stderr.
        var flags = List.of("-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + java.nio.file.Path.of("no-such-archive.jsa").toAbsolutePath());
        try (var pool = ProcessPool.builder().workers(1).jvmArgs(flags).build()) {
            assertThat(pool.submit(Tasks.Square.class, 8L).get()).isEqualTo(64L);
        }
    }

    @Test
    void aProcessCallAlsoRunsInThisJvm() throws Exception {
        assertThat(ProcessPool.call(Tasks.Square.class, 12L).call()).isEqualTo(144L);
    }

    @Test
    void initializerRunsOnceInEachWorkerBeforeItsTasks() throws Exception {
        try (var pool = ProcessPool.builder().workers(2).initializer(Tasks.Init.class, "ready").build()) {
            assertThat(pool.map(Tasks.ReadInit.class, java.util.Collections.nCopies(10, null), 1)).containsOnly("ready");
        }
    }

    @Test
    void aFailingInitializerFailsTheBuildWithTheRemoteError() {
        assertThatThrownBy(() -> ProcessPool.builder().workers(1).initializer(Tasks.BadInit.class, null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no database here")
                .hasCauseInstanceOf(RemoteTaskException.class);
    }

    @Test
    void maxTasksPerWorkerReplacesWorkers() throws Exception {
        try (var pool = ProcessPool.builder().workers(1).maxTasksPerWorker(2).build()) {
            var pids = new ArrayList<Long>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.submit(Tasks.Pid.class, null).get());
            }
            assertThat(new HashSet<>(pids)).hasSize(3);
            assertThat(pids.get(0)).isEqualTo(pids.get(1));
        }
    }

    @Test
    void sharedMemoryIsSeenByWorkersAndTheirWritesByTheParent() throws Exception {
        long[] values = LongStream.rangeClosed(1, 100_000).toArray();
        try (var shm = SharedMemory.of(values); var pool = ProcessPool.builder().workers(2).build()) {
            assertThat(pool.map(Tasks.SharedSum.class, List.of(shm.handle(), shm.handle()), 1))
                    .containsOnly(LongStream.of(values).sum());
            pool.submit(Tasks.SharedWrite.class, List.of(shm.handle(), 3L, -5L)).get();
            assertThat(shm.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 3)).isEqualTo(-5L);
        }
    }

    @Test
    void submitAfterShutdownIsRejected() throws Exception {
        var pool = ProcessPool.builder().workers(1).build();
        pool.shutdown();
        assertThatThrownBy(() -> pool.submit(Tasks.Square.class, 1L)).isInstanceOf(RejectedExecutionException.class);
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void workersReportTheirCpuTime() throws Exception {
        var pool = ProcessPool.builder().workers(2).build();
        long before = pool.workerCpuNanos();
        pool.map(Tasks.Square.class, LongStream.range(0, 200).boxed().toList(), 1);
        long during = pool.workerCpuNanos();
        pool.close();
        long after = pool.workerCpuNanos();
        assertThat(during).isGreaterThanOrEqualTo(before);
        // Each worker's final figure arrives as it exits: two JVMs' start-up alone is far above 10 ms.
        assertThat(after).isGreaterThanOrEqualTo(during).isGreaterThan(10_000_000L);
    }

    @Test
    void getOnAFailedMapThrowsTheFirstFailure() {
        try (var pool = ProcessPool.builder().workers(1).build()) {
            assertThatThrownBy(() -> pool.map(Tasks.Fail.class, List.of("a", "b"), 1))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(RemoteTaskException.class)
                    .hasMessageContaining("a");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
