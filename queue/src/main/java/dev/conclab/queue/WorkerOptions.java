package dev.conclab.queue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Worker} runs: Celery's worker options. Immutable; start from {@link #defaults()}.
 *
 * @param name         the worker's id in heartbeats and leases, or null for {@code host-pid-random}
 * @param queues       the queues it consumes, in no particular order (priority orders messages within them)
 * @param pool         how tasks run: virtual threads, platform threads, child JVMs, or the worker's own thread
 * @param concurrency  how many tasks run at once (1 for {@link Pool#SOLO})
 * @param prefetch     how many more messages it leases beyond those running, so the next task is at hand
 * @param lease        how long a leased message stays invisible to others without a heartbeat; a worker that
 *                     dies has its messages redelivered this long after its last heartbeat
 * @param heartbeat    how often leases are renewed and the worker's heartbeat written (well under the lease)
 * @param grace        on shutdown, how long running tasks may take to finish before they are interrupted and
 *                     their messages released to other workers
 * @param trackStarted whether the STARTED state is written when a task starts (one more write per task)
 * @param fetchWait    how long one fetch waits for a message before the worker checks for shutdown
 * @param log          where the worker writes its one-line events
 * @param childJvmOptions extra JVM options for the processes pool's child JVMs
 */
public record WorkerOptions(String name, List<String> queues, Pool pool, int concurrency, int prefetch, Duration lease,
                            Duration heartbeat, Duration grace, boolean trackStarted, Duration fetchWait,
                            Consumer<String> log, List<String> childJvmOptions) {

    /** How a worker runs its tasks (Celery's {@code --pool}). */
    public enum Pool {
        /** One virtual thread per task: the default, best for tasks that wait. */
        VIRTUAL,
        /** Platform threads: for CPU-bound tasks, one per core. */
        THREADS,
        /** Child JVMs (Celery's prefork): isolation, and a hard time limit that kills. */
        PROCESSES,
        /** The worker's own thread, one task at a time: for debugging. */
        SOLO;

        public static Pool parse(String s) {
            for (Pool p : values()) {
                if (p.name().equalsIgnoreCase(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown pool '" + s + "'; expected virtual, threads, processes or solo");
        }
    }

    public WorkerOptions {
        queues = List.copyOf(queues);
        childJvmOptions = List.copyOf(childJvmOptions);
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(log, "log");
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one queue");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("heartbeat (" + heartbeat + ") must be shorter than the lease (" + lease + ")");
        }
        if (pool == Pool.SOLO) {
            concurrency = 1;
        }
    }

    public static WorkerOptions defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new WorkerOptions(null, List.of(TaskOptions.DEFAULT_QUEUE), Pool.VIRTUAL, Math.max(4, cores), Math.max(4, cores),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30), true, Duration.ofMillis(250),
                line -> System.err.println(line), List.of());
    }

    public WorkerOptions withName(String name) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withQueues(List<String> queues) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withPool(Pool pool, int concurrency) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withPrefetch(int prefetch) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    /** The lease, with heartbeats at a third of it. */
    public WorkerOptions withLease(Duration lease) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, lease.dividedBy(3), grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withGrace(Duration grace) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withTrackStarted(boolean trackStarted) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withLog(Consumer<String> log) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, childJvmOptions);
    }

    public WorkerOptions withChildJvmOptions(List<String> options) {
        return new WorkerOptions(name, queues, pool, concurrency, prefetch, lease, heartbeat, grace, trackStarted, fetchWait, log, options);
    }
}
