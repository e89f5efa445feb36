package dev.conclab.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A pool of worker JVM processes that runs {@link ProcessTask}s: Python's
 * {@code multiprocessing.Pool} for Java, behind {@link ExecutorService}.
 *
 * <p>Each worker is a {@code java} child process of the same JDK, with this JVM's class path,
 * talking to the pool over its stdin and stdout in length-prefixed frames. One driver thread per
 * worker sends it a chunk of work and reads the results back, one per task as each finishes; tasks
 * wait in one FIFO queue, so an idle worker takes the next chunk (when more chunks wait than there
 * are workers and chunks are short, a driver also sends its worker the next chunk ahead, so no
 * round trip is idle). Tasks are named by class and their arguments and results
 * cross the pipe in an explicit encoding (see {@link ProcessTask}); an argument that cannot be
 * encoded is rejected when submitted.
 *
 * <pre>{@code
 * try (var pool = ProcessPool.builder().workers(4).build()) {
 *     List<Long> sums = pool.map(SumTask.class, List.of(1L, 2L, 3L), 1);
 *     Future<Long> one = pool.submit(SumTask.class, 42L);
 * }
 * }</pre>
 *
 * <p><b>Failures stay with their task.</b> A task that throws fails with a
 * {@link RemoteTaskException}. A worker that dies while running a task ({@code kill -9},
 * {@code System.exit}, out of memory) fails that task alone with a {@link WorkerCrashedException}
 * carrying the exit code or signal; the tasks of its chunk that had not started go back to the
 * front of the queue, a replacement worker is started, and every other task completes. (CPython's
 * {@code multiprocessing.Pool} hangs in this case; its {@code ProcessPoolExecutor} fails every
 * pending task.) With a {@linkplain Builder#taskTimeout timeout}, a task that runs longer fails
 * with a {@link TaskTimedOutException} and its worker is killed and replaced.
 *
 * <p><b>No orphans.</b> {@link #close()} and {@link #shutdown()} let queued work finish, then
 * close each worker's stdin and wait for it to exit; {@link #shutdownNow()} kills the workers.
 * A worker also exits by itself when its stdin ends or its parent process is gone, so a pool
 * whose JVM is killed leaves nothing behind.
 *
 * <p><b>Memory visibility:</b> actions of a thread before it submits a task happen-before the
 * task runs in its worker only as far as the task's argument carries them (it is a copy);
 * everything the task computed reaches the caller as the result, visible to a thread after it
 * obtains the result from the future. For data shared by reference, see {@link SharedMemory}.
 *
 * <p>Thread-safe: any thread may submit, and {@code shutdown} may be called from any thread.
 */
public final class ProcessPool implements ExecutorService {

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Job POISON = new Job(null, List.of(), List.of(), null);

    private final int size;
    private final List<String> command;
    private final byte[] initFrame;
    private final int maxTasksPerWorker;
    private final Duration taskTimeout;
    private final Path archive;
    private final java.util.concurrent.atomic.AtomicBoolean archiveWriter = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final Slot[] slots;
    private final Object submitLock = new Object();
    private final CountDownLatch terminated;
    private final AtomicLong retiredCpuNanos = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();
    private final List<ProcessHandle> everStarted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int state; // RUNNING, SHUTDOWN, STOP

    private static final int RUNNING = 0, SHUTDOWN = 1, STOP = 2;

    /** Jobs shorter than this are sent ahead: there, an idle round trip per job would show. */
    private static final long SEND_AHEAD_BELOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private ProcessPool(Builder b) throws IOException {
        this.size = b.workers;
        this.command = command(b.jvmArgs, b.classPath);
        this.initFrame = Wire.init(b.initializer, b.initArgument);
        this.maxTasksPerWorker = b.maxTasksPerWorker;
        this.taskTimeout = b.taskTimeout;
        this.archive = b.archive;
        int id = POOLS.incrementAndGet();
        this.timer = taskTimeout == null ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("process-pool-" + id + "-timer").factory());
        this.terminated = new CountDownLatch(size);
        this.slots = new Slot[size];
        // Start every JVM before waiting for any: their start-ups overlap.
        var launched = new WorkerProcess[size];
        try {
            for (int i = 0; i < size; i++) {
                launched[i] = launch();
            }
            for (var w : launched) {
                w.awaitReady();
            }
        } catch (IOException | RemoteTaskException | RuntimeException e) {
            for (var w : launched) {
                if (w != null) {
                    w.kill();
                    w.awaitExit();
                }
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            if (e instanceof RemoteTaskException r) {
                throw new IllegalStateException("worker initializer " + b.initializer + " failed: " + r.getMessage(), r);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot(launched[i]);
            Thread.ofPlatform().daemon().name("process-pool-" + id + "-worker-" + i).start(slots[i]);
        }
    }

    /** A builder with one worker per available processor and no timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** A task class and argument, as {@link #submit(Callable)} and {@link #invokeAll} take them. */
    public static <A, R> ProcessCall<R> call(Class<? extends ProcessTask<A, R>> task, A argument) {
        checkTaskClass(task);
        return new ProcessCall<>(task.getName(), argument);
    }

    // ---------------------------------------------------------------- Pool-style API

    /**
     * Runs {@code task} on {@code argument} in a worker.
     *
     * @throws IllegalArgumentException if the argument cannot be encoded or the class is not a usable task
     * @throws RejectedExecutionException if the pool is shut down
     */
    public <A, R> Future<R> submit(Class<? extends ProcessTask<A, R>> task, A argument) {
        checkTaskClass(task);
        return this.<R>enqueue(task.getName(), java.util.Collections.singletonList(argument), 1).getFirst();
    }

    /**
     * Runs {@code task} on each argument, {@code chunksize} arguments per message to a worker,
     * and returns the results in argument order. Waits for every item; if any failed, throws the
     * {@link ExecutionException} of the first failed item in argument order.
     */
    public <A, R> List<R> map(Class<? extends ProcessTask<A, R>> task, List<? extends A> arguments, int chunksize)
            throws InterruptedException, ExecutionException {
        List<Future<R>> futures = mapAsync(task, arguments, chunksize);
        // Wait from the last future back: the queue is FIFO, so the last usually completes last
        // and this thread wakes up about once, not once per task (a wake-up costs more than a
        // no-op task's whole round trip).
        for (int i = futures.size() - 1; i >= 0; i--) {
            try {
                futures.get(i).get();
            } catch (ExecutionException | CancellationException reportedBelow) {
                // collected in argument order below
            }
        }
        var results = new ArrayList<R>(futures.size());
        ExecutionException first = null;
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e;
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** {@link #map(Class, List, int)} with CPython's default chunk size: ⌈n ÷ (4 × workers)⌉. */
    public <A, R> List<R> map(Class<? extends ProcessTask<A, R>> task, List<? extends A> arguments)
            throws InterruptedException, ExecutionException {
        return map(task, arguments, defaultChunksize(arguments.size()));
    }

    /** Submits every argument (in chunks) and returns one future per argument, in argument order. */
    public <A, R> List<Future<R>> mapAsync(Class<? extends ProcessTask<A, R>> task, List<? extends A> arguments, int chunksize) {
        checkTaskClass(task);
        return enqueue(task.getName(), arguments, chunksize);
    }

    /**
     * The results in the order they complete, as a stream of {@code arguments.size()} elements.
     * A failed item throws a {@link CompletionException} (cause: the task's failure) when the
     * stream reaches it.
     */
    public <A, R> Stream<R> imapUnordered(Class<? extends ProcessTask<A, R>> task, List<? extends A> arguments, int chunksize) {
        List<Future<R>> futures = mapAsync(task, arguments, chunksize);
        var done = new LinkedBlockingQueue<CompletableFuture<R>>();
        for (Future<R> f : futures) {
            var cf = (CompletableFuture<R>) f;
            cf.whenComplete((r, t) -> done.add(cf));
        }
        return Stream.generate(() -> {
            try {
                return done.take().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the next result");
            }
        }).limit(futures.size());
    }

    /** The results in argument order, as a stream that waits for each in turn (Python's {@code imap}). */
    public <A, R> Stream<R> imap(Class<? extends ProcessTask<A, R>> task, List<? extends A> arguments, int chunksize) {
        return mapAsync(task, arguments, chunksize).stream().map(f -> ((CompletableFuture<R>) f).join());
    }

    /** {@code map} for a task that takes several arguments, given as one list per call (Python's {@code starmap}). */
    @SuppressWarnings("unchecked")
    public <R> List<R> starmap(Class<? extends ProcessTask<List<Object>, R>> task, List<? extends List<?>> arguments, int chunksize)
            throws InterruptedException, ExecutionException {
        return map(task, (List<? extends List<Object>>) arguments, chunksize);
    }

    // ---------------------------------------------------------------- ExecutorService

    /**
     * Accepts a {@link ProcessCall} only ({@link #call}): any other {@code Callable} is a lambda
     * or object of this JVM, which cannot run in another.
     *
     * @throws IllegalArgumentException for any other {@code Callable}
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(Callable<T> task) {
        return submitCall(asCall(task));
    }

    /** Runs {@code call} in a worker (this overload settles {@code submit} for a call, which is both Callable and Runnable). */
    public <T> Future<T> submit(ProcessCall<T> call) {
        return submitCall(asCall(call));
    }

    private <T> Future<T> submitCall(ProcessCall<T> call) {
        return this.<T>enqueue(call.taskClass(), java.util.Collections.singletonList(call.argument()), 1).getFirst();
    }

    /** Accepts a {@link ProcessCall} only; the future's value is {@code result}. */
    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Future<Object> f = submitCall(asCall(task));
        return ((CompletableFuture<Object>) f).thenApply(ignored -> result);
    }

    /** Accepts a {@link ProcessCall} only; the future's value is the task's result. */
    @Override
    public Future<?> submit(Runnable task) {
        return submitCall(asCall(task));
    }

    /** Accepts a {@link ProcessCall} only. */
    @Override
    public void execute(Runnable command) {
        submitCall(asCall(command));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        var futures = new ArrayList<Future<T>>(tasks.size());
        for (var t : tasks) {
            futures.add(submit(t));
        }
        for (var f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException ignored) {
                // the future reports it
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        var futures = new ArrayList<Future<T>>(tasks.size());
        for (var t : tasks) {
            futures.add(submit(t));
        }
        for (var f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException ignored) {
                // the future reports it
            } catch (TimeoutException e) {
                futures.forEach(x -> x.cancel(true));
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        var done = new LinkedBlockingQueue<CompletableFuture<T>>();
        var futures = new ArrayList<CompletableFuture<T>>();
        for (var t : tasks) {
            var f = (CompletableFuture<T>) submit(t);
            futures.add(f);
            f.whenComplete((r, e) -> done.add(f));
        }
        long deadline = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        ExecutionException last = null;
        try {
            for (int i = 0; i < futures.size(); i++) {
                var f = deadline == Long.MAX_VALUE ? done.take() : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new TimeoutException("no task of invokeAny succeeded within " + unit.toMillis(timeout) + " ms");
                }
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    last = e;
                } catch (CancellationException e) {
                    last = new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** Lets queued tasks finish, then retires each worker; returns at once. Idempotent. */
    @Override
    public void shutdown() {
        synchronized (submitLock) {
            if (state != RUNNING) {
                return;
            }
            state = SHUTDOWN;
            for (int i = 0; i < size; i++) {
                queue.addLast(POISON);
            }
        }
    }

    /**
     * Cancels queued tasks, kills every worker (their running tasks are cancelled) and returns
     * the tasks that never started, as {@link ProcessCall}s.
     */
    @Override
    public List<Runnable> shutdownNow() {
        var pending = new ArrayList<Runnable>();
        synchronized (submitLock) {
            state = STOP;
            for (Job job; (job = queue.poll()) != null; ) {
                if (job == POISON) {
                    continue;
                }
                for (int i = 0; i < job.futures.size(); i++) {
                    if (job.futures.get(i).cancel(false)) {
                        pending.add(new ProcessCall<>(job.taskClass, job.arguments.get(i)));
                    }
                }
            }
            for (int i = 0; i < size; i++) {
                queue.addLast(POISON);
            }
        }
        for (Slot s : slots) {
            s.stop();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return state != RUNNING;
    }

    /** True when every driver has ended and every worker process has exited. */
    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        boolean done = terminated.await(timeout, unit);
        if (done && timer != null) {
            timer.shutdownNow();
        }
        return done;
    }

    // ---------------------------------------------------------------- observation

    /** The number of worker slots. */
    public int size() {
        return size;
    }

    /** The workers alive now (a crashed one is missing until its replacement is up). */
    public List<ProcessHandle> workers() {
        var live = new ArrayList<ProcessHandle>();
        for (Slot s : slots) {
            WorkerProcess w = s.worker;
            if (w != null && w.alive()) {
                live.add(w.process.toHandle());
            }
        }
        return live;
    }

    /** Every worker process this pool has started, including replaced and exited ones. */
    public List<ProcessHandle> allWorkersEverStarted() {
        return List.copyOf(everStarted);
    }

    /** How many worker processes the pool has started, replacements included. */
    public int workersStarted() {
        return started.get();
    }

    /** How many workers died while running a task (kills for timeouts included). */
    public int crashes() {
        return crashes.get();
    }

    /**
     * CPU time used by this pool's worker processes so far, start-up included: each worker's
     * whole-process CPU as of its last message that carried the figure (a worker's first messages
     * may come before its clock is loaded, and carry none), in the operating system's clock ticks
     * (10 ms on Linux). Every worker reports its final
     * figure as it exits, so after {@link #close()} the total is complete, except for a worker
     * that was killed, which counts up to its last message before the kill.
     */
    public long workerCpuNanos() {
        long total = retiredCpuNanos.get();
        for (Slot s : slots) {
            WorkerProcess w = s.worker;
            if (w != null) {
                total += w.cpuNanos();
            }
        }
        return total;
    }

    /**
     * The bytes {@code value} takes on the wire as a task's argument or result: what sending it
     * to a worker costs in encoding, pipe traffic and decoding.
     *
     * @throws IllegalArgumentException if it cannot be encoded
     */
    public static long encodedSize(Object value) {
        var counter = new java.io.OutputStream() {
            long n;

            @Override
            public void write(int b) {
                n++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n += len;
            }
        };
        try {
            var out = new java.io.DataOutputStream(counter);
            Codec.write(out, value);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("counting cannot fail", e);
        }
        return counter.n;
    }

    /** The command that starts a worker, for the curious and for start-up measurements. */
    public List<String> command() {
        return command;
    }

    // ---------------------------------------------------------------- internals

    static void checkTaskClass(Class<?> type) {
        Objects.requireNonNull(type, "task class");
        String why = null;
        if (!ProcessTask.class.isAssignableFrom(type)) {
            why = "it does not implement " + ProcessTask.class.getName();
        } else if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            why = "it must be a public, concrete class";
        } else if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            why = "a nested task class must be static";
        } else if (type.isAnonymousClass() || type.isLocalClass() || type.isHidden()) {
            why = "a lambda, anonymous or local class cannot be created in another JVM";
        } else {
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                    why = "its no-argument constructor must be public";
                }
            } catch (NoSuchMethodException e) {
                why = "it has no public no-argument constructor";
            }
        }
        if (why != null) {
            throw new IllegalArgumentException("task class " + type.getName() + " cannot run in a worker process: " + why);
        }
    }

    /** Resolves a task class name as a worker will, for a clear error before anything is sent. */
    static void checkTaskName(String name) {
        try {
            checkTaskClass(Class.forName(name, false, ProcessPool.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown task class '" + name
                    + "': not on the class path this JVM shares with its workers");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> ProcessCall<T> asCall(Object task) {
        if (task instanceof ProcessCall<?> call) {
            checkTaskName(call.taskClass());
            return (ProcessCall<T>) call;
        }
        throw new IllegalArgumentException("a ProcessPool runs tasks in other JVMs, where a "
                + (task == null ? "null" : task.getClass().getName())
                + " of this JVM cannot go; submit ProcessPool.call(TaskClass.class, argument) instead");
    }

    private int defaultChunksize(int n) {
        int c = n / (4 * size);
        return n % (4 * size) != 0 ? c + 1 : Math.max(1, c);
    }

    private <R> List<Future<R>> enqueue(String taskClass, List<?> arguments, int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
        for (int i = 0; i < arguments.size(); i++) {
            String bad = Codec.unencodable(arguments.get(i));
            if (bad != null) {
                throw Codec.cannotEncode("argument " + i + " of " + taskClass, bad);
            }
        }
        var futures = new ArrayList<Future<R>>(arguments.size());
        var jobs = new ArrayList<Job>();
        for (int from = 0; from < arguments.size(); from += chunksize) {
            int to = Math.min(arguments.size(), from + chunksize);
            var items = new ArrayList<PoolFuture<Object>>(to - from);
            for (int i = from; i < to; i++) {
                var f = new PoolFuture<>(this);
                items.add(f);
                @SuppressWarnings("unchecked") var r = (Future<R>) (Future<?>) f;
                futures.add(r);
            }
            Job job = Job.of(taskClass, new ArrayList<>(arguments.subList(from, to)), items);
            jobs.add(job);
        }
        synchronized (submitLock) {
            if (state != RUNNING) {
                throw new RejectedExecutionException("the process pool is shut down");
            }
            queue.addAll(jobs);
        }
        return futures;
    }

    private WorkerProcess launch() throws IOException {
        WorkerProcess w;
        if (archive == null) {
            w = WorkerProcess.launch(command, initFrame);
        } else if (Files.isRegularFile(archive)) {
            w = WorkerProcess.launch(withFlag("-XX:SharedArchiveFile=" + archive), initFrame);
        } else if (archiveWriter.compareAndSet(false, true)) {
            // One worker per pool writes the archive, to a file of its own, renamed into place
            // when it exits: concurrent writers (other pools too) never share a file.
            Path dumpTo = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + POOLS.get() + ".tmp");
            // -Xlog:cds=off: the dump lists every class it leaves out, a page of warnings nobody needs.
            w = WorkerProcess.launch(withFlag("-XX:ArchiveClassesAtExit=" + dumpTo, "-Xlog:cds=off"), initFrame, dumpTo, archive);
        } else {
            w = WorkerProcess.launch(command, initFrame);
        }
        started.incrementAndGet();
        everStarted.add(w.process.toHandle());
        return w;
    }

    /** The worker command with more JVM options, placed before the class path. */
    private List<String> withFlag(String... flags) {
        var cmd = new ArrayList<>(command);
        cmd.addAll(cmd.indexOf("-cp"), List.of(flags));
        return cmd;
    }

    static List<String> command(List<String> jvmArgs) {
        return command(jvmArgs, System.getProperty("java.class.path"));
    }

    static List<String> command(List<String> jvmArgs, String classPath) {
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Classes compiled with --enable-preview load only in a JVM started with it.
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview")) {
            cmd.add("--enable-preview");
        }
        // Out of memory is a crash the pool reports and recovers from, not a half-dead worker.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // The JVM's own warnings go to stdout by default, where they would corrupt the protocol
        // (a class-data archive that no longer matches, for one): send them to stderr instead.
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr:uptime,level,tags");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Worker.class.getName());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        return List.copyOf(cmd);
    }

    /** A chunk of items of one task class, sent to a worker in one frame. */
    static final class Job {
        final String taskClass;
        final List<Object> arguments;
        final List<PoolFuture<Object>> futures;
        final byte[] frame;

        Job(String taskClass, List<Object> arguments, List<PoolFuture<Object>> futures, byte[] frame) {
            this.taskClass = taskClass;
            this.arguments = arguments;
            this.futures = futures;
            this.frame = frame;
        }

        static Job of(String taskClass, List<Object> arguments, List<PoolFuture<Object>> futures) {
            try {
                var job = new Job(taskClass, arguments, futures, Wire.run(taskClass, arguments));
                futures.forEach(f -> f.job = job);
                return job;
            } catch (IOException e) {
                throw new IllegalStateException("encoding to memory cannot fail", e);
            }
        }

        boolean allDone() {
            for (var f : futures) {
                if (!f.isDone()) {
                    return false;
                }
            }
            return true;
        }

        /** The items from {@code from} on, as a new job (after the worker running this one died). */
        Job rest(int from) {
            return of(taskClass, new ArrayList<>(arguments.subList(from, arguments.size())),
                    new ArrayList<>(futures.subList(from, futures.size())));
        }

        String describe(int item) {
            return arguments.size() == 1 ? taskClass : taskClass + " (item " + item + " of a chunk of " + arguments.size() + ")";
        }
    }

    /** A task's future: cancelling a running task with {@code mayInterruptIfRunning} kills its worker. */
    static final class PoolFuture<T> extends CompletableFuture<T> {
        private final ProcessPool pool;
        volatile Job job;

        PoolFuture(ProcessPool pool) {
            this.pool = pool;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && mayInterruptIfRunning && job != null) {
                for (Slot s : pool.slots) {
                    if (s != null) {
                        s.cancelled(job);
                    }
                }
            }
            return cancelled;
        }
    }

    /** One worker and the platform thread that drives it. */
    private final class Slot implements Runnable {
        volatile WorkerProcess worker;
        private volatile Thread thread;
        private volatile Job current;
        private Job prefetched;          // sent to the worker ahead of time, read next
        private long sequence;          // guarded by this: one number per item sent
        private long timedOutSequence = -1; // guarded by this
        private boolean killedOnPurpose;    // guarded by this: cancelled or stopped, nobody to blame
        private int tasksDone;
        private long jobNanos = -1;     // how long jobs take, send to last result: a moving average, -1 before the first

        Slot(WorkerProcess worker) {
            this.worker = worker;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                while (true) {
                    Job job = prefetched;
                    boolean sent = job != null;
                    prefetched = null;
                    if (job == null) {
                        job = queue.take();
                        if (job == POISON) {
                            break;
                        }
                        if (job.allDone()) {
                            continue;
                        }
                        if (worker == null && !replace(job)) {
                            continue;
                        }
                    }
                    runJob(job, sent);
                    if (state == STOP) {
                        break;
                    }
                    if (maxTasksPerWorker > 0 && tasksDone >= maxTasksPerWorker && worker != null) {
                        retire();
                    }
                }
            } catch (InterruptedException e) {
                // shutdownNow
            } finally {
                if (prefetched != null) {
                    prefetched.futures.forEach(f -> f.cancel(false));
                    prefetched = null;
                }
                WorkerProcess w = worker;
                if (w != null) {
                    if (state == STOP) {
                        w.kill();
                        w.awaitExit();
                    } else {
                        w.retire();
                    }
                    retiredCpuNanos.addAndGet(w.cpuNanos());
                    worker = null;
                }
                terminated.countDown();
            }
        }

        /** Starts a replacement; if it cannot start, fails the job's items with the reason. */
        private boolean replace(Job job) {
            try {
                var w = launch();
                w.awaitReady();
                worker = w;
                tasksDone = 0;
                return true;
            } catch (IOException | RemoteTaskException e) {
                var failure = new IllegalStateException("cannot start a worker process: " + e.getMessage(), e);
                job.futures.forEach(f -> f.completeExceptionally(failure));
                return false;
            }
        }

        private void retire() {
            WorkerProcess w = worker;
            worker = null;
            w.retire();
            retiredCpuNanos.addAndGet(w.cpuNanos());
            if (state == RUNNING) {
                var replacement = new Job(null, List.of(), List.of(), null);
                replace(replacement);
            }
        }

        /**
         * Sends {@code job} (unless it was sent ahead) and reads its results. While the worker
         * runs it, the next job is sent ahead when the queue holds more jobs than there are
         * workers and this worker's jobs take under {@link #SEND_AHEAD_BELOW_NANOS} on average, so the
         * worker finds its next frame waiting instead of idling for a round trip; otherwise
         * nothing is sent ahead, so no long job waits behind a busy worker while another is idle.
         */
        private void runJob(Job job, boolean alreadySent) {
            WorkerProcess w = worker;
            current = job;
            int item = 0;
            long seq = 0;
            Job next = null;
            try {
                synchronized (this) {
                    killedOnPurpose = false;
                    timedOutSequence = -1;
                    if (state == STOP) {
                        // Taken from the queue just before shutdownNow drained it: cancelled like the rest.
                        job.futures.forEach(f -> f.cancel(false));
                        return;
                    }
                }
                long sentAt = System.nanoTime();
                if (!alreadySent) {
                    w.send(job.frame);
                }
                next = sendAhead(w, job);
                for (; item < job.arguments.size(); item++) {
                    ScheduledFuture<?> watchdog = null;
                    synchronized (this) {
                        seq = ++sequence;
                    }
                    if (taskTimeout != null) {
                        long armed = seq;
                        watchdog = timer.schedule(() -> timeout(w, armed), taskTimeout.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    Wire.Message m = w.read();
                    synchronized (this) {
                        sequence++; // disarms the watchdog if it fires now
                    }
                    if (watchdog != null) {
                        watchdog.cancel(false);
                    }
                    var future = job.futures.get(item);
                    if (m.kind() == Wire.VALUE) {
                        future.complete(m.value());
                    } else if (m.kind() == Wire.ERROR) {
                        future.completeExceptionally(RemoteTaskException.of(m.value(), w.pid()));
                    } else {
                        throw new IOException("worker " + w.pid() + " sent " + (char) m.kind() + " instead of a result");
                    }
                    tasksDone++;
                }
                long took = System.nanoTime() - sentAt;
                // A moving average (weight 1/8 for the newest job), so one job delayed by the
                // scheduler on a busy machine does not switch sending ahead off.
                jobNanos = jobNanos < 0 ? took : jobNanos + (took - jobNanos) / 8;
                prefetched = next;
            } catch (IOException died) {
                if (next != null) {
                    // Sent ahead but never started: it goes back to the front, behind this job's rest.
                    if (state == STOP) {
                        next.futures.forEach(f -> f.cancel(false));
                    } else {
                        queue.addFirst(next);
                    }
                }
                crashed(job, item, seq, w);
            } finally {
                current = null;
            }
        }

        private Job sendAhead(WorkerProcess w, Job job) throws IOException {
            // Not with a task limit (the worker may have to retire first) nor with a timeout (a task
            // sent ahead starts before its clock would).
            // Nor for long jobs: a round trip is nothing beside them, and a job sent ahead to a busy
            // worker could wait there while another worker idles at the end of a batch.
            if (maxTasksPerWorker > 0 || taskTimeout != null || jobNanos < 0 || jobNanos > SEND_AHEAD_BELOW_NANOS || queue.size() <= size) {
                return null;
            }
            Job next = queue.pollFirst();
            if (next == null) {
                return null;
            }
            if (next == POISON) {
                queue.addFirst(next);
                return null;
            }
            w.send(next.frame);
            return next;
        }

        private void crashed(Job job, int item, long seq, WorkerProcess w) {
            int exit = w.awaitExitAfterEof();
            retiredCpuNanos.addAndGet(w.cpuNanos());
            worker = null;
            boolean onPurpose;
            long timedOut;
            synchronized (this) {
                onPurpose = killedOnPurpose || state == STOP;
                timedOut = timedOutSequence;
            }
            if (state == STOP) {
                job.futures.forEach(f -> f.cancel(false));
                return;
            }
            if (item < job.arguments.size()) {
                var future = job.futures.get(item);
                if (timedOut == seq) {
                    future.completeExceptionally(new TaskTimedOutException(w.pid(), taskTimeout, job.describe(item)));
                    crashes.incrementAndGet();
                    item++;
                } else if (!onPurpose && timedOut < 0) {
                    future.completeExceptionally(new WorkerCrashedException(w.pid(), exit, job.describe(item)));
                    crashes.incrementAndGet();
                    item++;
                }
                // else: killed for an earlier item's timeout just after it answered, or for a
                // cancellation: this item did not fail by itself, so it runs again elsewhere.
            }
            if (item < job.arguments.size()) {
                queue.addFirst(job.rest(item));
            }
            if (state == RUNNING) {
                replace(new Job(null, List.of(), List.of(), null));
            }
        }

        private void timeout(WorkerProcess w, long armed) {
            synchronized (this) {
                if (sequence != armed || worker != w) {
                    return;
                }
                timedOutSequence = armed;
            }
            w.kill();
        }

        void cancelled(Job job) {
            synchronized (this) {
                WorkerProcess w = worker;
                if (current == job && job.allDone() && w != null) {
                    killedOnPurpose = true;
                    w.kill();
                }
            }
        }

        void stop() {
            synchronized (this) {
                killedOnPurpose = true;
                WorkerProcess w = worker;
                if (w != null) {
                    w.kill();
                }
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /**
     * Configures a {@link ProcessPool}. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private String initializer;
        private Object initArgument;
        private int maxTasksPerWorker;
        private Duration taskTimeout;
        private List<String> jvmArgs = DEFAULT_JVM_ARGS;
        private String classPath = System.getProperty("java.class.path");
        private Path archive;

        /**
         * JVM options for workers unless {@link #jvmArgs} replaces them: the serial collector,
         * since a worker runs one task at a time and G1's concurrent threads would only compete
         * with the other workers for the cores (start-up measured the same with either). Chapter 3
         * measured the other candidates: C1 only ({@code -XX:TieredStopAtLevel=1}) starts a
         * little faster and then computes at half speed; a class-data archive starts much faster
         * but needs a class path of jars, see {@link #classDataArchive}.
         */
        public static final List<String> DEFAULT_JVM_ARGS = List.of("-XX:+UseSerialGC");

        private Builder() {
        }

        /** The number of worker processes (default: available processors). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** A task each worker runs once, on {@code argument}, before its first task (Python's {@code initializer}). */
        public <A> Builder initializer(Class<? extends ProcessTask<A, ?>> task, A argument) {
            checkTaskClass(task);
            String bad = Codec.unencodable(argument);
            if (bad != null) {
                throw Codec.cannotEncode("initializer argument", bad);
            }
            this.initializer = task.getName();
            this.initArgument = argument;
            return this;
        }

        /** Replace a worker after it has run this many tasks (Python's {@code maxtasksperchild}); 0 means never. */
        public Builder maxTasksPerWorker(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxTasksPerWorker must be >= 0, got " + max);
            }
            this.maxTasksPerWorker = max;
            return this;
        }

        /**
         * Kill and replace a worker whose task runs longer than {@code timeout}, counted from when
         * the task is sent; that task fails with {@link TaskTimedOutException}, the rest of its
         * chunk goes back to the queue.
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("task timeout must be positive, got " + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * JVM options for the workers, replacing {@link #DEFAULT_JVM_ARGS}. A worker's stdout
         * carries the protocol: JVM logging must name stderr as its output
         * ({@code -Xlog:gc:stderr}, not {@code -Xlog:gc} or {@code -verbose:gc}); the JVM's
         * default warnings are already sent there.
         */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = List.copyOf(jvmArgs);
            return this;
        }

        /**
         * The workers' class path, by default this JVM's ({@code java.class.path}). It must hold
         * this module and every task class. A class path of jars only lets the JVM archive the
         * workers' classes ({@code -XX:+AutoCreateSharedArchive}); it refuses directories.
         */
        public Builder classPath(String classPath) {
            if (classPath == null || classPath.isBlank()) {
                throw new IllegalArgumentException("the workers' class path must not be empty");
            }
            this.classPath = classPath;
            return this;
        }

        /**
         * Starts workers from a class-data archive of the classes they load, kept in
         * {@code folder} under a name derived from the JDK, the JVM options and the class path
         * (so a change of any of them makes a new one). The first pool to find no archive has
         * one of its workers write it when that worker exits; later workers map it and start in
         * a little over half the time (chapter 3 measures it). The JVM archives classes from
         * jars only, so the workers' class path must hold jars only. Call it after
         * {@link #jvmArgs} and {@link #classPath}, which the archive depends on.
         *
         * @throws IllegalArgumentException if the workers' class path has a directory
         * @throws java.io.UncheckedIOException if {@code folder} cannot be created
         */
        public Builder classDataArchive(Path folder) {
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                if (!entry.endsWith(".jar")) {
                    throw new IllegalArgumentException("a class-data archive needs a class path of jars only; '" + entry
                            + "' is not a jar (set classPath first)");
                }
            }
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create the archive folder " + folder + ": " + e.getMessage(), e);
            }
            String key = String.join("\u0000", System.getProperty("java.home"), System.getProperty("java.version"),
                    String.join(" ", jvmArgs), classPath);
            this.archive = folder.resolve("conclab-worker-" + Integer.toHexString(key.hashCode()) + ".jsa");
            return this;
        }

        /**
         * Starts the workers and waits until each is ready (its initializer done).
         *
         * @throws IOException if a worker JVM cannot be started
         * @throws IllegalStateException if the initializer threw in a worker
         */
        public ProcessPool build() throws IOException {
            return new ProcessPool(this);
        }
    }
}
