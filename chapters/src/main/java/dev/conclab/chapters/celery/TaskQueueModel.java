package dev.conclab.chapters.celery;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.Outcomes;
import dev.conclab.lab.model.ModelProvider;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.queue.AsyncResult;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.WorkerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The task queue as one more concurrency model, for chapter 5's "which model when" table: each task of a
 * batch is sent as a message to a {@code memory:} broker and run by a worker of {@code poolSize} virtual
 * threads in this JVM. What it adds over plain virtual threads is the queue's cost per task (a message
 * encoded, leased, decoded, its result stored and acknowledged), which is what a distributed queue charges
 * before it can spread work over machines.
 */
public final class TaskQueueModel implements Model {

    private final int poolSize;

    public TaskQueueModel(int poolSize) {
        this.poolSize = poolSize;
    }

    /** Registers the model with {@link ModelProvider}. */
    public static final class Provider implements ModelProvider {
        @Override
        public List<Model> models(int poolSize) {
            return List.of(new TaskQueueModel(poolSize));
        }
    }

    @Override
    public String id() {
        return "task-queue";
    }

    @Override
    public String description() {
        return "conclab's task queue (chapter 6): each task a message on a memory: broker, run by a worker of "
                + poolSize + " virtual threads";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, poolSize);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(id(), tasks);
        var inside = new java.util.concurrent.atomic.AtomicInteger();
        try (var q = TaskQueue.connect("memory:model-" + UUID.randomUUID())) {
            q.register("call", ctx -> {
                int i = ctx.arg(0, int.class);
                inside.incrementAndGet();
                try {
                    outcomes.run(task, i);
                } finally {
                    synchronized (inside) {
                        inside.decrementAndGet();
                        inside.notifyAll();
                    }
                }
                return null;
            });
            var worker = q.startWorker(WorkerOptions.defaults().withPool(WorkerOptions.Pool.VIRTUAL, poolSize)
                    .withPrefetch(poolSize).withTrackStarted(false).withLog(line -> { }));
            try {
                var sent = new ArrayList<AsyncResult>(tasks);
                for (int i = 0; i < tasks; i++) {
                    sent.add(q.send("call", List.of(i)));
                }
                for (AsyncResult r : sent) {
                    r.get(Duration.ofDays(1));
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            } finally {
                worker.shutdown(Duration.ZERO); // interrupts tasks still running (an interrupted caller)
                boolean interrupted = false;
                synchronized (inside) {
                    while (inside.get() > 0) { // the contract: no task outlives run()
                        try {
                            inside.wait(10);
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return outcomes.results();
    }
}
