package dev.conclab.lab.model;

import java.util.concurrent.Executors;

/**
 * One virtual thread per task ({@link Executors#newThreadPerTaskExecutor} with a virtual
 * thread factory). Virtual threads are scheduled by the JVM onto a few carrier threads (one
 * per core by default); a virtual thread that blocks in sleep or I/O unmounts and frees its
 * carrier, which is why a million of them can wait at once. Java's answer to gevent's
 * greenlets and to asyncio, without {@code async}/{@code await}.
 */
public final class VirtualThreadsModel implements Model {

    @Override
    public String id() {
        return "virtual";
    }

    @Override
    public String description() {
        return "one virtual thread per task (Executors.newVirtualThreadPerTaskExecutor)";
    }

    @Override
    public int concurrency(int tasks) {
        return tasks;
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("conclab-virtual-", 0).factory());
        return ExecutorRun.runAll(id(), executor, tasks, task);
    }
}
