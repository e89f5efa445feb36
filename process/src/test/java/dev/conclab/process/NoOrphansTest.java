package dev.conclab.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** No worker outlives its pool: not after close(), not after its parent JVM is killed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a deadlock guard, not a speed goal
class NoOrphansTest {

    @TempDir
    Path dir;

    @Test
    void closeLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> started;
        try (var pool = ProcessPool.builder().workers(2).maxTasksPerWorker(3).build()) {
            pool.map(Tasks.Square.class, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), 1);
            started = pool.allWorkersEverStarted();
        }
        assertThat(started).hasSizeGreaterThan(2); // replacements too
        assertThat(started).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().children()).noneMatch(h -> started.stream().anyMatch(s -> s.pid() == h.pid()));
    }

    @Test
    void workersExitWhenTheirParentIsKilled_busyOrIdle() throws Exception {
        var cmd = new ArrayList<>(ProcessPool.command(List.of()));
        // Replace the worker main class and its argument with the test's parent program.
        cmd.subList(cmd.size() - 2, cmd.size()).clear();
        cmd.add(OrphanParent.class.getName());
        cmd.add(dir.toString());
        Process parent = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine();
            assertThat(line).as("the parent's report of its workers").isNotNull();
            var workers = new ArrayList<ProcessHandle>();
            for (String pid : line.trim().split(" ")) {
                workers.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }

            parent.destroyForcibly(); // kill -9: no shutdown hook, no close()
            parent.waitFor();

            // The idle worker sees stdin end; the busy one is found by its parent watcher.
            for (ProcessHandle w : workers) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (w.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(w.isAlive()).as("worker %d alive after its parent died", w.pid()).isFalse();
            }
        } finally {
            parent.destroyForcibly();
        }
    }
}
