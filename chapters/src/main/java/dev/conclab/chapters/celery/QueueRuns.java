package dev.conclab.chapters.celery;

import dev.conclab.queue.AsyncResult;
import dev.conclab.queue.BuiltinTasks;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.Worker;
import dev.conclab.queue.WorkerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The measurements chapter 6 and its benchmark share: enqueue and drain a batch, and one-at-a-time round trips. */
public final class QueueRuns {

    private QueueRuns() {
    }

    /**
     * What one batch measured.
     *
     * @param enqueueSeconds time to send all tasks (no worker running)
     * @param drainSeconds   time from starting the worker(s) to the last result stored
     */
    public record Batch(int tasks, double enqueueSeconds, double drainSeconds) {
        public double enqueueRate() {
            return tasks / enqueueSeconds;
        }

        public double drainRate() {
            return tasks / drainSeconds;
        }
    }

    /** Options for measuring: no STARTED writes (Celery's default, task_track_started=False), silent log. */
    public static WorkerOptions workerOptions(WorkerOptions.Pool pool, int concurrency, int prefetch) {
        return WorkerOptions.defaults().withPool(pool, concurrency).withPrefetch(prefetch).withTrackStarted(false)
                .withLog(line -> { });
    }

    /**
     * Sends {@code n} tasks {@code task(args)} to an idle queue, then starts {@code workers} workers in this JVM and
     * times them until every result is stored.
     */
    public static Batch batch(String url, String task, List<?> args, int n, WorkerOptions options, int workers) throws Exception {
        try (var q = TaskQueue.connect(url)) {
            q.register(new BuiltinTasks());
            var sent = new ArrayList<AsyncResult>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sent.add(q.send(task, args));
            }
            long t1 = System.nanoTime();
            var started = new ArrayList<Worker>();
            try {
                for (int w = 0; w < workers; w++) {
                    started.add(q.startWorker(options));
                }
                long deadline = t1 + TimeUnit.MINUTES.toNanos(10);
                while (done(started) < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the batch did not drain within 10 minutes: " + done(started) + " of " + n);
                    }
                    Thread.sleep(0, 200_000);
                }
                long t2 = System.nanoTime();
                return new Batch(n, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            } finally {
                for (Worker w : started) {
                    w.shutdown(Duration.ofSeconds(10));
                }
            }
        }
    }

    private static long done(List<Worker> workers) {
        long n = 0;
        for (Worker w : workers) {
            var s = w.stats();
            n += s.succeeded() + s.failed() + s.deadLettered();
        }
        return n;
    }

    /** {@code n} round trips of {@code noop}, one at a time (send, then wait for the result): nanoseconds each, after {@code warmup}. */
    public static long[] roundTrips(String url, int warmup, int n, WorkerOptions options) throws Exception {
        try (var q = TaskQueue.connect(url)) {
            q.register(new BuiltinTasks());
            try (var w = q.startWorker(options)) {
                long[] out = new long[n];
                for (int i = -warmup; i < n; i++) {
                    long t0 = System.nanoTime();
                    q.send("noop", List.of()).get(Duration.ofSeconds(30));
                    if (i >= 0) {
                        out[i] = System.nanoTime() - t0;
                    }
                }
                return out;
            }
        }
    }
}
