package dev.conclab.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parent JVM for {@link NoOrphansTest}: starts a pool of two workers, keeps one busy with a task
 * that never ends and the other idle, prints both worker pids on one line, then waits to be killed.
 */
public final class OrphanParent {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        var pool = ProcessPool.builder().workers(2).build();
        pool.submit(Tasks.Hang.class, dir.toString());
        Path marker;
        while (true) {
            try (var files = Files.list(dir)) {
                var found = files.findFirst();
                if (found.isPresent()) {
                    marker = found.get();
                    break;
                }
            }
            Thread.sleep(5);
        }
        long busy = Long.parseLong(marker.getFileName().toString());
        long idle = pool.workers().stream().mapToLong(ProcessHandle::pid).filter(p -> p != busy).findFirst().orElseThrow();
        System.out.println(busy + " " + idle);
        System.out.flush();
        Thread.currentThread().join();
    }
}
