package dev.conclab.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.conclab.queue.broker.Broker;
import dev.conclab.queue.broker.BrokerException;
import dev.conclab.queue.broker.Brokers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A task queue: Celery's {@code app}. It sends named tasks with JSON arguments to a broker, hands out
 * {@link AsyncResult}s, and starts {@link Worker}s that run the tasks registered here.
 *
 * <pre>{@code
 * try (var queue = TaskQueue.connect("sqlite:tasks.db")) {
 *     queue.register("add", ctx -> ctx.arg(0, int.class) + ctx.arg(1, int.class));
 *     try (var worker = queue.startWorker(WorkerOptions.defaults())) {
 *         AsyncResult r = queue.send("add", List.of(2, 3));
 *         int five = r.get(Duration.ofSeconds(5), Integer.class);
 *     }
 * }
 * }</pre>
 *
 * <p>The broker URL picks broker and result backend together: {@code memory:}, {@code sqlite:PATH},
 * {@code redis://host:port/db} (see {@link Brokers}). Producers need not register the tasks they send
 * (like {@code send_task}); workers run only the tasks registered with their queue and send others to the
 * dead-letter queue.
 *
 * <p>Thread-safe. Registration should happen before workers start; sending and waiting may happen from any
 * number of threads. Closing stops the queue's result watcher and closes the broker, not the workers.
 */
public final class TaskQueue implements AutoCloseable {

    /** How long results (and idempotency keys) are kept by default: one day. */
    public static final Duration DEFAULT_RESULT_TTL = Duration.ofDays(1);

    record Registered(Task task, String setClass) {
    }

    private final Broker broker;
    private final Map<String, Registered> tasks = new ConcurrentHashMap<>();
    private final Set<String> setClasses = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, CompletableFuture<ResultRecord>> pending = new ConcurrentHashMap<>();
    private final String channel = "c-" + UUID.randomUUID();
    private volatile Duration resultTtl = DEFAULT_RESULT_TTL;
    private volatile Boolean notified;
    private volatile Thread watcher;
    private volatile boolean closed;

    private TaskQueue(Broker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    /**
     * Opens the broker at {@code url}.
     *
     * @throws IllegalArgumentException for a URL of no known kind
     * @throws BrokerException          when the broker cannot be opened or reached
     */
    public static TaskQueue connect(String url) {
        return new TaskQueue(Brokers.open(url));
    }

    /** A queue over a broker opened elsewhere; closing the queue closes it. */
    public static TaskQueue over(Broker broker) {
        return new TaskQueue(broker);
    }

    public Broker broker() {
        return broker;
    }

    /** Sets how long results stay in the backend (default one day). */
    public TaskQueue resultTtl(Duration ttl) {
        this.resultTtl = Objects.requireNonNull(ttl);
        return this;
    }

    public Duration resultTtl() {
        return resultTtl;
    }

    // ---- registration ----------------------------------------------------------------------------------

    /** Registers {@code task} under {@code name}, replacing any task of that name. */
    public TaskQueue register(String name, Task task) {
        return register(name, task, currentSet.get());
    }

    TaskQueue register(String name, Task task, String setClass) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("task name is empty");
        }
        tasks.put(name, new Registered(Objects.requireNonNull(task, "task"), setClass));
        return this;
    }

    /** Registers every task of {@code set}; worker processes of the processes pool register it by its class. */
    public TaskQueue register(TaskSet set) {
        String cls = set.getClass().getName();
        String outer = currentSet.get();
        currentSet.set(cls);
        try {
            set.register(this);
        } finally {
            currentSet.set(outer);
        }
        setClasses.add(cls);
        return this;
    }

    /** Registers the public methods of {@code target} annotated with {@link QueueTask}. */
    public TaskQueue registerAnnotated(Object target) {
        int found = 0;
        for (Method m : target.getClass().getMethods()) {
            QueueTask a = m.getAnnotation(QueueTask.class);
            if (a == null) {
                continue;
            }
            String name = a.value().isEmpty() ? m.getName() : a.value();
            register(name, methodTask(target, m));
            found++;
        }
        if (found == 0) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no public method annotated @QueueTask");
        }
        return this;
    }

    private static Task methodTask(Object target, Method m) {
        Class<?>[] types = m.getParameterTypes();
        boolean wantsContext = types.length > 0 && types[0] == TaskContext.class;
        int first = wantsContext ? 1 : 0;
        return ctx -> {
            int expected = types.length - first;
            if (ctx.args().size() != expected) {
                throw new TaskContext.BadArgumentsException("task '" + ctx.name() + "' takes " + expected
                        + " argument(s), got " + ctx.args().size());
            }
            Object[] values = new Object[types.length];
            if (wantsContext) {
                values[0] = ctx;
            }
            for (int i = first; i < types.length; i++) {
                values[i] = ctx.arg(i - first, types[i]);
            }
            try {
                return m.invoke(target, values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        };
    }

    /** The registered task names, sorted. */
    public List<String> taskNames() {
        return tasks.keySet().stream().sorted().toList();
    }

    Registered task(String name) {
        return tasks.get(name);
    }

    List<String> taskSetClasses() {
        return List.copyOf(setClasses);
    }

    /** The TaskSet class being registered on this thread, so its tasks can be found again in a child JVM. */
    private final ThreadLocal<String> currentSet = new ThreadLocal<>();

    // ---- sending ---------------------------------------------------------------------------------------

    /** {@link #send(String, List, TaskOptions)} with default options. */
    public AsyncResult send(String name, List<?> args) {
        return send(name, args, TaskOptions.defaults());
    }

    /**
     * Sends task {@code name} with {@code args} (each written as JSON).
     *
     * @return the result handle; with an idempotency key already held, the handle of the task holding it
     * @throws IllegalArgumentException when an argument is not representable as JSON
     * @throws BrokerException          when the broker cannot be reached: then nothing was sent
     */
    public AsyncResult send(String name, List<?> args, TaskOptions options) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("task name is empty");
        }
        ArrayNode a = Json.NODES.arrayNode();
        for (Object arg : args) {
            a.add(Json.tree(arg));
        }
        long now = System.currentTimeMillis();
        long eta = 0;
        if (options.countdown() != null && !options.countdown().isZero()) {
            eta = now + options.countdown().toMillis();
        }
        if (options.eta() != null) {
            eta = Math.max(eta, options.eta().toEpochMilli());
        }
        long expires = options.expires() == null ? 0 : now + options.expires().toMillis();
        String id = UUID.randomUUID().toString();
        var m = new Message(id, name, a, options.queue(), options.priority(), 0, options.maxRetries(),
                options.backoff().toMillis(), options.backoffMax().toMillis(), options.jitter(), eta, expires,
                millis(options.softTimeLimit()), millis(options.hardTimeLimit()), replyChannel(), now);
        String owner = broker.publish(new Broker.Outgoing(id, options.queue(), options.priority(), eta, m.encode(),
                options.idempotencyKey(), resultTtl));
        return new AsyncResult(this, owner);
    }

    private static long millis(Duration d) {
        return d == null ? 0 : Math.max(1, d.toMillis());
    }

    /** A handle on task {@code id}, sent by anyone. */
    public AsyncResult result(String id) {
        return new AsyncResult(this, id);
    }

    // ---- workers ---------------------------------------------------------------------------------------

    /** Starts a worker in this JVM that runs this queue's tasks. */
    public Worker startWorker(WorkerOptions options) {
        var w = new Worker(this, options);
        w.start();
        return w;
    }

    // ---- result watching -------------------------------------------------------------------------------

    private String replyChannel() {
        Boolean n = notified;
        if (n == null) {
            synchronized (this) {
                n = notified;
                if (n == null) {
                    n = broker.listen(channel, this::onNotified);
                    notified = n;
                }
            }
        }
        return n ? channel : null;
    }

    private void onNotified(String taskId, String json) {
        CompletableFuture<ResultRecord> f = pending.get(taskId);
        if (f == null) {
            return;
        }
        try {
            ResultRecord r = ResultRecord.decode(json);
            if (r.state().terminal() && pending.remove(taskId, f)) {
                f.complete(r);
            }
        } catch (RuntimeException ignored) {
            // the watcher's poll reads it again
        }
    }

    CompletableFuture<ResultRecord> watch(String id) {
        CompletableFuture<ResultRecord> f = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
        Thread w = watcher;
        if (w == null) {
            synchronized (this) {
                if (watcher == null && !closed) {
                    watcher = Thread.ofPlatform().daemon().name("conclab-queue-results").start(this::watchLoop);
                }
                w = watcher;
            }
        }
        if (w != null) {
            LockSupport.unpark(w);
        }
        return f;
    }

    private void watchLoop() {
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        while (!closed) {
            if (pending.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                continue;
            }
            var ids = new ArrayList<String>(Math.min(pending.size(), 1000));
            for (String id : pending.keySet()) {
                ids.add(id);
                if (ids.size() == 1000) {
                    break;
                }
            }
            boolean progressed = false;
            try {
                for (var e : broker.results(ids).entrySet()) {
                    ResultRecord r = ResultRecord.decode(e.getValue());
                    if (r.state().terminal()) {
                        CompletableFuture<ResultRecord> f = pending.remove(e.getKey());
                        if (f != null) {
                            f.complete(r);
                            progressed = true;
                        }
                    }
                }
            } catch (BrokerException | IllegalStateException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // an outage: look again later
                continue;
            }
            if (Boolean.TRUE.equals(notified)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            pauseNanos = progressed ? TimeUnit.MILLISECONDS.toNanos(1) : Math.min(TimeUnit.MILLISECONDS.toNanos(10), pauseNanos * 2);
            try {
                broker.awaitChange(TimeUnit.NANOSECONDS.toMillis(pauseNanos));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the result watcher and closes the broker. Pending {@link AsyncResult#get} calls time out. */
    @Override
    public void close() {
        closed = true;
        Thread w = watcher;
        if (w != null) {
            LockSupport.unpark(w);
        }
        broker.close();
    }

    static String describe(List<String> names) {
        return names.isEmpty() ? "none registered" : String.join(", ", names);
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
