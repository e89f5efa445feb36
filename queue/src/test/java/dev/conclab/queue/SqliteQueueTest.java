package dev.conclab.queue;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

class SqliteQueueTest extends QueueContractTest {

    @TempDir
    Path dir;
    private final AtomicInteger n = new AtomicInteger();

    @Override
    String freshUrl() {
        return "sqlite:" + dir.resolve("q" + n.incrementAndGet() + ".db");
    }
}
