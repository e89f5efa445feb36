package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.conclab.queue.broker.Broker;
import dev.conclab.queue.broker.Broker.Delivery;
import dev.conclab.queue.broker.BrokerException;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the tasks of one {@link TaskQueue}: fetches messages from its broker, runs them in its pool, stores
 * their results, retries or dead-letters them. Celery's {@code worker}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>A message is acknowledged only after its outcome (result, retry or dead letter) is stored; a worker
 *       that dies mid-task has its messages redelivered when their lease runs out (at-least-once).</li>
 *   <li>While the worker lives, a heartbeat renews the lease of every message it holds, however long the
 *       task runs.</li>
 *   <li>Bad input never stops the worker: a malformed message, an unknown task or arguments that do not fit
 *       go to the dead-letter queue with their reason; a broker outage is logged once and waited out.</li>
 *   <li>{@link #shutdown(Duration)} stops fetching, releases messages not yet started, lets running tasks
 *       finish within the grace period and releases the rest: nothing is lost.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #shutdown} may be called from any thread (a SIGTERM hook, for instance).
 */
public final class Worker implements AutoCloseable {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;

    private final TaskQueue queue;
    private final Broker broker;
    private final WorkerOptions options;
    private final String id;
    private final Map<String, Execution> held = new ConcurrentHashMap<>();
    private final Semaphore capacity;
    private final Semaphore slots;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object settled = new Object();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicBoolean storeOutage = new AtomicBoolean();
    private final long startedAt = System.currentTimeMillis();
    private volatile long stopDeadline = Long.MAX_VALUE;
    private ExecutorService executor;
    private ScheduledExecutorService timers;
    private ChildPool children;
    private Thread fetcher;
    private Thread heart;

    Worker(TaskQueue queue, WorkerOptions options) {
        this.queue = queue;
        this.broker = queue.broker();
        this.options = options;
        this.id = options.name() != null ? options.name() : defaultName();
        int cap = options.pool() == WorkerOptions.Pool.SOLO ? 1 : options.concurrency() + options.prefetch();
        this.capacity = new Semaphore(cap);
        this.slots = new Semaphore(options.concurrency());
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** The worker's id, as its heartbeats and leases name it. */
    public String id() {
        return id;
    }

    /** Counts so far. */
    public record Stats(long processed, long succeeded, long failed, long retried, long deadLettered, int active) {
    }

    public Stats stats() {
        return new Stats(processed.get(), succeeded.get(), failed.get(), retried.get(), deadLettered.get(), held.size());
    }

    synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("worker " + id + " already started");
        }
        timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("conclab-worker-timer").unstarted(r));
        switch (options.pool()) {
            case VIRTUAL, PROCESSES -> executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("conclab-task-", 0).factory());
            case THREADS -> executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("conclab-task-", 0).factory());
            case SOLO -> executor = null;
        }
        if (options.pool() == WorkerOptions.Pool.PROCESSES) {
            children = new ChildPool(queue.taskSetClasses(), options.concurrency(), options.childJvmOptions(), options.log(), id);
        }
        heart = Thread.ofPlatform().daemon().name("conclab-worker-heartbeat").start(this::heartbeatLoop);
        fetcher = Thread.ofPlatform().daemon().name("conclab-worker-fetch").start(this::fetchLoop);
        log("started: pool " + options.pool().name().toLowerCase() + ", concurrency " + options.concurrency()
                + ", prefetch " + options.prefetch() + ", queues " + String.join(",", options.queues()) + ", broker " + broker.url());
    }

    private void log(String line) {
        options.log().accept("[worker " + id + "] " + line);
    }

    // ---- fetching ----------------------------------------------------------------------------------

    private void fetchLoop() {
        boolean outage = false;
        long pause = 50;
        while (running.get()) {
            try {
                capacity.acquire();
            } catch (InterruptedException e) {
                continue;
            }
            int more = capacity.drainPermits();
            int free = 1 + more;
            List<Delivery> got;
            try {
                got = broker.fetch(id, options.queues(), free, options.lease(), options.fetchWait());
                if (outage) {
                    log("broker " + broker.url() + " reachable again");
                    outage = false;
                    pause = 50;
                }
            } catch (InterruptedException e) {
                capacity.release(free);
                continue;
            } catch (BrokerException e) {
                capacity.release(free);
                if (!outage) {
                    log("broker unreachable, retrying: " + Message.oneLine(e.getMessage()));
                    outage = true;
                }
                sleepQuietly(pause);
                pause = Math.min(2000, pause * 2);
                continue;
            } catch (RuntimeException e) {
                capacity.release(free);
                log("fetch failed, retrying: " + Message.oneLine(String.valueOf(e)));
                sleepQuietly(pause);
                pause = Math.min(2000, pause * 2);
                continue;
            }
            capacity.release(free - got.size());
            for (Delivery d : got) {
                var e = new Execution(d);
                held.put(d.tag(), e);
                dispatch(e);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Execution e) {
        switch (options.pool()) {
            case SOLO -> {
                Thread.interrupted();
                if (e.state.compareAndSet(QUEUED, RUNNING)) {
                    e.thread = Thread.currentThread();
                    try {
                        process(e);
                    } finally {
                        e.thread = null;
                        Thread.interrupted();
                    }
                }
            }
            case VIRTUAL, THREADS -> executor.execute(() -> {
                try {
                    slots.acquire();
                } catch (InterruptedException ex) {
                    return;
                }
                e.slotHeld.set(true);
                try {
                    if (e.state.compareAndSet(QUEUED, RUNNING)) {
                        e.thread = Thread.currentThread();
                        process(e);
                    }
                } finally {
                    e.thread = null;
                    Thread.interrupted();
                    e.releaseSlot();
                }
            });
            case PROCESSES -> executor.execute(() -> {
                if (e.state.compareAndSet(QUEUED, RUNNING)) {
                    e.thread = Thread.currentThread();
                    process(e);
                }
            });
        }
    }

    // ---- running one message -------------------------------------------------------------------------

    /** One leased message on its way through the worker; settled exactly once. */
    final class Execution {
        final Delivery delivery;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final AtomicBoolean settledOnce = new AtomicBoolean();
        final AtomicBoolean slotHeld = new AtomicBoolean();
        volatile Thread thread;
        volatile Ctx ctx;
        volatile ChildPool.Child child;
        volatile ScheduledFuture<?> softTimer;
        volatile ScheduledFuture<?> hardTimer;

        Execution(Delivery delivery) {
            this.delivery = delivery;
        }

        boolean claim() {
            return settledOnce.compareAndSet(false, true);
        }

        void releaseSlot() {
            if (slotHeld.compareAndSet(true, false)) {
                slots.release();
            }
        }
    }

    sealed interface Outcome permits Success, Failed, BadArgs {
    }

    record Success(JsonNode value) implements Outcome {
    }

    /**
     * @param after the delay the task asked for, or null for the message's backoff
     * @param now   whether the failure is final whatever retries are left ({@link TaskContext#fail})
     */
    record Failed(String error, Duration after, boolean now) implements Outcome {
        Failed(String error, Duration after) {
            this(error, after, false);
        }
    }

    record BadArgs(String reason) implements Outcome {
    }

    private void process(Execution e) {
        Delivery d = e.delivery;
        Message m;
        try {
            m = Message.decode(d.body());
        } catch (Message.MalformedException ex) {
            if (e.claim()) {
                String reason = "malformed message: " + ex.getMessage();
                log("dead letter (queue " + d.queue() + "): " + reason);
                settle(e, () -> broker.deadLetter(d, reason));
                deadLettered.incrementAndGet();
            }
            return;
        }
        long now = System.currentTimeMillis();
        if (m.expires() > 0 && now > m.expires()) {
            if (e.claim()) {
                var r = new ResultRecord(m.id(), TaskState.REVOKED, null, "expired " + (now - m.expires()) + " ms before it could start",
                        null, m.attempt(), id, now);
                settle(e, () -> broker.complete(d, m.id(), r.encode(), queue.resultTtl(), m.replyTo()));
            }
            return;
        }
        TaskQueue.Registered task = queue.task(m.task());
        if (task == null) {
            if (e.claim()) {
                String reason = "unknown task '" + m.task() + "' (this worker knows: " + TaskQueue.describe(queue.taskNames()) + ")";
                deadLetter(e, m, reason);
            }
            return;
        }
        processed.incrementAndGet();
        if (options.trackStarted()) {
            try {
                broker.storeResult(m.id(), new ResultRecord(m.id(), TaskState.STARTED, null, null, null, m.attempt() + 1, id,
                        now).encode(), queue.resultTtl());
            } catch (BrokerException ex) {
                // the outcome will be stored (or the message redelivered); STARTED is informational
            }
        }
        Outcome o;
        if (options.pool() == WorkerOptions.Pool.PROCESSES) {
            o = runInChild(e, m, task);
        } else {
            o = runHere(e, m, task);
        }
        cancelTimers(e);
        if (e.claim()) {
            conclude(e, m, o);
        }
    }

    private Outcome runHere(Execution e, Message m, TaskQueue.Registered task) {
        var ctx = new Ctx(m.id(), m.task(), m.attempt(), m.args(), meta -> progress(m, meta));
        e.ctx = ctx;
        armTimers(e, m);
        try {
            Object value = task.task().run(ctx);
            return new Success(Json.tree(value));
        } catch (TaskContext.RetryRequest r) {
            return new Failed("retry requested", r.after());
        } catch (TaskContext.BadArgumentsException b) {
            return new BadArgs(b.getMessage());
        } catch (TaskContext.FailNow f) {
            return new Failed(f.getMessage(), null, true);
        } catch (Throwable t) {
            return new Failed((ctx.softTimeLimitExceeded() ? "soft time limit exceeded: " : "") + describe(t), null);
        }
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + Message.oneLine(msg));
    }

    private void progress(Message m, Object meta) {
        try {
            broker.storeResult(m.id(), new ResultRecord(m.id(), TaskState.STARTED, null, null, Json.tree(meta),
                    m.attempt() + 1, id, System.currentTimeMillis()).encode(), queue.resultTtl());
        } catch (BrokerException ex) {
            // progress is best effort
        }
    }

    private void armTimers(Execution e, Message m) {
        if (m.softMs() > 0) {
            e.softTimer = timers.schedule(() -> {
                Ctx c = e.ctx;
                if (c != null) {
                    c.soft = true;
                }
                Thread t = e.thread;
                if (t != null && e.child == null) {
                    t.interrupt();
                }
            }, m.softMs(), TimeUnit.MILLISECONDS);
        }
        if (m.hardMs() > 0) {
            e.hardTimer = timers.schedule(() -> {
                if (!e.claim()) {
                    return;
                }
                ChildPool.Child c = e.child;
                String how = c != null ? " (child process killed)" : " (thread interrupted and abandoned)";
                if (c != null) {
                    c.kill();
                } else {
                    Thread t = e.thread;
                    if (t != null) {
                        t.interrupt();
                    }
                }
                log("task " + m.task() + " " + m.id() + " exceeded its hard time limit of " + m.hardMs() + " ms: stopped");
                e.releaseSlot();
                conclude(e, m, new Failed("hard time limit of " + m.hardMs() + " ms exceeded" + how, null));
            }, m.hardMs(), TimeUnit.MILLISECONDS);
        }
    }

    private static void cancelTimers(Execution e) {
        ScheduledFuture<?> s = e.softTimer;
        if (s != null) {
            s.cancel(false);
        }
        ScheduledFuture<?> h = e.hardTimer;
        if (h != null) {
            h.cancel(false);
        }
    }

    private Outcome runInChild(Execution e, Message m, TaskQueue.Registered task) {
        if (task.setClass() == null) {
            return new BadArgs("task '" + m.task() + "' was registered as a lambda; the processes pool runs only tasks of a TaskSet class");
        }
        ChildPool.Child c;
        try {
            c = children.take();
        } catch (InterruptedException ex) {
            return new Failed("worker shutting down", Duration.ZERO);
        } catch (IllegalStateException ex) {
            return new Failed(ex.getMessage(), null);
        }
        e.child = c;
        armTimers(e, m);
        try {
            return c.run(m, meta -> progress(m, meta));
        } finally {
            e.child = null;
            children.giveBack(c);
        }
    }

    /** Stores the outcome of a claimed execution and acknowledges its message. */
    private void conclude(Execution e, Message m, Outcome o) {
        Delivery d = e.delivery;
        long now = System.currentTimeMillis();
        switch (o) {
            case Success s -> {
                var r = new ResultRecord(m.id(), TaskState.SUCCESS, s.value(), null, null, m.attempt() + 1, id, now);
                settle(e, () -> broker.complete(d, m.id(), r.encode(), queue.resultTtl(), m.replyTo()));
                succeeded.incrementAndGet();
            }
            case BadArgs b -> deadLetter(e, m, "undecodable arguments for task '" + m.task() + "': " + b.reason());
            case Failed f when f.now() -> {
                failed.incrementAndGet();
                var r = new ResultRecord(m.id(), TaskState.FAILURE, null, f.error(), null, m.attempt() + 1, id, now);
                settle(e, () -> broker.complete(d, m.id(), r.encode(), queue.resultTtl(), m.replyTo()));
            }
            case Failed f when m.attempt() < m.maxRetries() -> {
                long delay = f.after() != null ? f.after().toMillis() : backoff(m);
                var next = m.nextAttempt(now + delay);
                var r = new ResultRecord(m.id(), TaskState.RETRY, null, f.error(), null, m.attempt() + 1, id, now);
                settle(e, () -> {
                    broker.storeResult(m.id(), r.encode(), queue.resultTtl());
                    broker.requeue(d, next.encode(), now + delay);
                });
                retried.incrementAndGet();
            }
            case Failed f -> {
                failed.incrementAndGet();
                if (m.maxRetries() > 0) {
                    deadLetter(e, m, "retries exhausted after " + (m.attempt() + 1) + " attempts: " + f.error());
                } else {
                    var r = new ResultRecord(m.id(), TaskState.FAILURE, null, f.error(), null, m.attempt() + 1, id, now);
                    settle(e, () -> broker.complete(d, m.id(), r.encode(), queue.resultTtl(), m.replyTo()));
                }
            }
        }
    }

    /** Full-jitter exponential backoff: min(max, base * 2^attempt), drawn uniformly from [0, that] with jitter. */
    static long backoff(Message m) {
        double exp = m.backoffMs() * Math.pow(2, Math.min(30, m.attempt()));
        long delay = (long) Math.min(m.backoffMaxMs(), exp);
        return m.jitter() ? ThreadLocalRandom.current().nextLong(delay + 1) : delay;
    }

    private void deadLetter(Execution e, Message m, String reason) {
        log("dead letter: task " + m.task() + " " + m.id() + ": " + reason);
        var r = new ResultRecord(m.id(), TaskState.FAILURE, null, reason, null, m.attempt() + 1, id, System.currentTimeMillis());
        settle(e, () -> {
            broker.storeResult(m.id(), r.encode(), queue.resultTtl());
            broker.deadLetter(e.delivery, reason);
        });
        deadLettered.incrementAndGet();
    }

    /**
     * Runs {@code op} against the broker until it succeeds, then forgets the execution. During an outage it
     * keeps trying while the worker runs (and through the grace period at shutdown); if it must give up,
     * the lease runs out and the message is redelivered: at-least-once, never lost.
     */
    private void settle(Execution e, Runnable op) {
        long pause = 20;
        try {
            while (true) {
                try {
                    op.run();
                    if (storeOutage.compareAndSet(true, false)) {
                        log("storing outcomes again");
                    }
                    return;
                } catch (BrokerException ex) {
                    if (!running.get() && System.currentTimeMillis() > stopDeadline) {
                        log("giving up on storing an outcome (the message will be redelivered): " + Message.oneLine(ex.getMessage()));
                        return;
                    }
                    if (storeOutage.compareAndSet(false, true)) {
                        log("broker unreachable while storing outcomes, retrying: " + Message.oneLine(ex.getMessage()));
                    }
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException ie) {
                        // keep trying: the outcome must be stored or the lease left to run out
                    }
                    pause = Math.min(1000, pause * 2);
                }
            }
        } finally {
            held.remove(e.delivery.tag());
            capacity.release();
            synchronized (settled) {
                settled.notifyAll();
            }
        }
    }

    // ---- heartbeats --------------------------------------------------------------------------------

    private void heartbeatLoop() {
        long every = options.heartbeat().toMillis();
        while (running.get() || !held.isEmpty()) {
            beat();
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                if (!running.get() && held.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void beat() {
        try {
            var list = new ArrayList<Delivery>();
            for (Execution e : held.values()) {
                list.add(e.delivery);
            }
            broker.extend(id, list, options.lease());
            var info = Json.NODES.objectNode();
            info.put("id", id).put("pid", ProcessHandle.current().pid()).put("pool", options.pool().name().toLowerCase())
                    .put("concurrency", options.concurrency()).put("queues", String.join(",", options.queues()))
                    .put("active", held.size()).put("processed", processed.get()).put("startedAt", startedAt)
                    .put("at", System.currentTimeMillis());
            broker.heartbeat(id, info.toString(), options.heartbeat().multipliedBy(3));
        } catch (BrokerException | IllegalStateException e) {
            // the fetch loop reports outages; a missed beat only shortens the lease's margin
        }
    }

    // ---- shutdown ----------------------------------------------------------------------------------

    /**
     * Stops the worker gracefully: no more fetching; messages not yet started are released at once; running
     * tasks have {@code grace} to finish, then are interrupted (their processes killed) and their messages
     * released for another worker. Returns when the worker has stopped. Idempotent.
     */
    public void shutdown(Duration grace) {
        if (!running.compareAndSet(true, false)) {
            awaitQuietly();
            return;
        }
        long deadline = System.currentTimeMillis() + grace.toMillis();
        stopDeadline = deadline + 2_000;
        log("shutting down: " + held.size() + " message(s) held, grace " + grace.toMillis() + " ms");
        if (options.pool() != WorkerOptions.Pool.SOLO) {
            fetcher.interrupt(); // cut short a fetch that is waiting for messages (solo runs its task on this thread)
        }
        int released = 0;
        for (Execution e : held.values()) {
            if (e.state.get() == QUEUED && e.claim()) {
                release(e);
                released++;
            }
        }
        try {
            long left;
            while (!held.isEmpty() && (left = deadline - System.currentTimeMillis()) > 0) {
                synchronized (settled) {
                    if (!held.isEmpty()) {
                        settled.wait(Math.min(left, 50));
                    }
                }
                for (Execution e : held.values()) {
                    if (e.state.get() == QUEUED && e.claim()) {
                        release(e);
                        released++;
                    }
                }
            }
            fetcher.join(Math.max(1, deadline - System.currentTimeMillis()) + 1000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        int interrupted = 0;
        for (Execution e : held.values()) {
            if (e.claim()) {
                ChildPool.Child c = e.child;
                if (c != null) {
                    c.kill();
                }
                Thread t = e.thread;
                if (t != null) {
                    t.interrupt();
                }
                release(e);
                interrupted++;
            }
        }
        if (children != null) {
            children.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        timers.shutdownNow();
        heart.interrupt();
        log("stopped: " + released + " not-started message(s) released, " + interrupted + " running task(s) interrupted and released; "
                + processed.get() + " processed");
        terminated.countDown();
    }

    private void release(Execution e) {
        settle(e, () -> broker.requeue(e.delivery, e.delivery.body(), 0));
    }

    private void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the worker has stopped. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRunning() {
        return running.get();
    }

    /** {@link #shutdown} with the options' grace period. */
    @Override
    public void close() {
        shutdown(options.grace());
    }

    // ---- the task context ----------------------------------------------------------------------------

    static final class Ctx implements TaskContext {
        private final String id;
        private final String name;
        private final int attempt;
        private final ArrayNode args;
        private final java.util.function.Consumer<Object> progress;
        volatile boolean soft;

        Ctx(String id, String name, int attempt, ArrayNode args, java.util.function.Consumer<Object> progress) {
            this.id = id;
            this.name = name;
            this.attempt = attempt;
            this.args = args;
            this.progress = progress;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public ArrayNode args() {
            return args;
        }

        @Override
        public <T> T arg(int index, Class<T> type) {
            if (index < 0 || index >= args.size()) {
                throw new BadArgumentsException("task '" + name + "' needs argument " + index + " (" + type.getSimpleName()
                        + "), got " + args.size() + " argument(s)");
            }
            try {
                T v = Json.MAPPER.treeToValue(args.get(index), type);
                if (v == null && type.isPrimitive()) {
                    throw new BadArgumentsException("argument " + index + " of task '" + name + "' is null, expected " + type.getSimpleName());
                }
                return v;
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new BadArgumentsException("argument " + index + " of task '" + name + "' is " + Message.oneLine(args.get(index).toString())
                        + ", expected " + type.getSimpleName());
            }
        }

        @Override
        public RetryRequest retry(Duration after) {
            return new RetryRequest(after);
        }

        @Override
        public void progress(Object meta) {
            progress.accept(meta);
        }

        @Override
        public boolean softTimeLimitExceeded() {
            return soft;
        }
    }
}
