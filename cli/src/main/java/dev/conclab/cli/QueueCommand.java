package dev.conclab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conclab.queue.AsyncResult;
import dev.conclab.queue.TaskFailedException;
import dev.conclab.queue.TaskOptions;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.TaskState;
import dev.conclab.queue.WorkerMain;
import dev.conclab.queue.WorkerOptions;
import dev.conclab.queue.broker.Broker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"A distributed task queue (chapter 6, Celery's model): send named tasks with JSON arguments to a broker, "
                + "run workers in any number of processes, read results.",
                "Brokers: memory: (this process only), sqlite:PATH (one machine, many processes), redis://HOST:PORT/DB. "
                        + "Default: $CONCLAB_BROKER, else sqlite:.conclab/queue.db.",
                "Built-in tasks: noop, echo, add, sleep, cpu, spin, fail, flaky, progress, record."},
        subcommands = {QueueCommand.Worker.class, QueueCommand.Send.class, QueueCommand.Result.class,
                QueueCommand.Inspect.class, QueueCommand.Purge.class, QueueCommand.Demo.class})
final class QueueCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name a queue command; valid commands: " + String.join(", ", spec.subcommands().keySet()));
    }

    static String defaultBroker() {
        String env = System.getenv("CONCLAB_BROKER");
        return env != null && !env.isBlank() ? env : "sqlite:.conclab/queue.db";
    }

    /** Opens the broker; a URL of no known kind is a usage error (exit 2), an unreachable broker a failure (exit 1). */
    static TaskQueue open(String url) {
        try {
            return TaskQueue.connect(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static final class BrokerOption {
        @Option(names = {"-b", "--broker"}, paramLabel = "URL",
                description = "memory:, sqlite:PATH or redis://HOST:PORT/DB (default: $CONCLAB_BROKER, else sqlite:.conclab/queue.db).")
        String url;

        String url() {
            return url != null ? url : defaultBroker();
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = {"Run a worker until SIGTERM or Ctrl-C: then it stops fetching, lets running tasks finish within "
                    + "--grace and releases the rest to other workers.",
                    "Prints 'ready ID PID' once fetching; one line per event (dead letters, outages) on stderr."})
    static final class Worker implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOption broker;

        @Option(names = {"-Q", "--queues"}, paramLabel = "A,B", description = "Queues to consume (default: default).")
        String queues = TaskOptions.DEFAULT_QUEUE;

        @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Tasks at once (default: max(4, cores)).")
        Integer concurrency;

        @Option(names = {"-P", "--pool"}, paramLabel = "POOL", description = "virtual (default), threads, processes or solo.")
        String pool = "virtual";

        @Option(names = "--prefetch", paramLabel = "K", description = "Messages leased beyond those running (default: concurrency).")
        Integer prefetch;

        @Option(names = "--lease", paramLabel = "TIME", converter = DurationConverter.class,
                description = "How long a message stays leased without a heartbeat (default: 30s).")
        Duration lease = Duration.ofSeconds(30);

        @Option(names = "--grace", paramLabel = "TIME", converter = DurationConverter.class,
                description = "Shutdown grace for running tasks (default: 30s).")
        Duration grace = Duration.ofSeconds(30);

        @Option(names = "--tasks", paramLabel = "CLASS,…", description = "TaskSet classes to register besides the built-in tasks.")
        String tasks;

        @Option(names = "--no-track-started", description = "Do not write the STARTED state (one write less per task).")
        boolean noTrackStarted;

        @Override
        public Integer call() throws Exception {
            WorkerOptions.Pool p;
            try {
                p = WorkerOptions.Pool.parse(pool);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            var o = WorkerOptions.defaults();
            try {
                o = o.withQueues(List.of(queues.split(","))).withPool(p, concurrency != null ? concurrency : o.concurrency())
                        .withLease(lease).withGrace(grace).withTrackStarted(!noTrackStarted);
                o = o.withPrefetch(prefetch != null ? prefetch : o.concurrency());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            open(broker.url()).close(); // a bad or unreachable URL fails here, in one line
            WorkerMain.run(broker.url(), o, tasks == null ? List.of() : List.of(tasks.split(",")), false);
            return Main.OK;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Send task NAME with ARGS (each read as JSON, else as a string) and print its id.",
                    "Example: conclab queue send add 2 3 --wait 10s"})
    static final class Send implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOption broker;

        @Parameters(index = "0", paramLabel = "NAME", description = "The task's name.")
        String name;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments: JSON values (2, \"x\", [1,2], {\"a\":1}) or bare strings.")
        List<String> args = new ArrayList<>();

        @Option(names = {"-q", "--queue"}, description = "Queue (default: default).")
        String queue = TaskOptions.DEFAULT_QUEUE;

        @Option(names = "--countdown", paramLabel = "TIME", converter = DurationConverter.class, description = "Run no earlier than this from now.")
        Duration countdown;

        @Option(names = "--eta", paramLabel = "ISO-8601", description = "Run no earlier than this instant, e.g. 2026-12-02T10:00:00Z.")
        String eta;

        @Option(names = "--expires", paramLabel = "TIME", converter = DurationConverter.class, description = "Revoke if not started within this.")
        Duration expires;

        @Option(names = "--retries", paramLabel = "N", description = "Retries on failure (default 0).")
        int retries;

        @Option(names = "--backoff", paramLabel = "TIME", converter = DurationConverter.class, description = "First retry delay; doubles each time (default 1s), with full jitter.")
        Duration backoff = Duration.ofSeconds(1);

        @Option(names = "--soft-limit", paramLabel = "TIME", converter = DurationConverter.class, description = "Soft time limit: interrupt the task.")
        Duration soft;

        @Option(names = "--hard-limit", paramLabel = "TIME", converter = DurationConverter.class, description = "Hard time limit: stop the task and fail it.")
        Duration hard;

        @Option(names = "--priority", paramLabel = "0-9", description = "Higher runs first within the queue (default 0).")
        int priority;

        @Option(names = "--key", paramLabel = "KEY", description = "Idempotency key: a second send with it returns the first task.")
        String key;

        @Option(names = "--wait", paramLabel = "TIME", converter = DurationConverter.class, description = "Wait this long for the result and print it.")
        Duration wait;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TaskOptions o;
            try {
                o = TaskOptions.defaults().withQueue(queue).withCountdown(countdown).withExpires(expires)
                        .withRetries(retries, backoff, Duration.ofMinutes(10)).withTimeLimits(soft, hard)
                        .withPriority(priority).withIdempotencyKey(key);
                if (eta != null) {
                    o = o.withEta(Instant.parse(eta));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new UsageException(e.getMessage());
            }
            var values = new ArrayList<Object>();
            var mapper = new ObjectMapper();
            for (String a : args) {
                try {
                    values.add(mapper.readTree(a));
                } catch (Exception e) {
                    values.add(a);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            try (var q = open(broker.url())) {
                AsyncResult r = q.send(name, values, o);
                out.println(r.id());
                out.flush();
                if (wait != null) {
                    return printResult(q, r, wait, out, spec.commandLine().getErr());
                }
            }
            return Main.OK;
        }
    }

    static int printResult(TaskQueue q, AsyncResult r, Duration wait, PrintWriter out, PrintWriter err) throws InterruptedException {
        try {
            JsonNode v = r.get(wait);
            out.println(v.toString());
            return Main.OK;
        } catch (TaskFailedException e) {
            err.println("conclab queue: " + e.getMessage());
            return Main.FAILED;
        } catch (TimeoutException e) {
            err.println("conclab queue: " + e.getMessage());
            return Main.FAILED;
        }
    }

    @Command(name = "result", mixinStandardHelpOptions = true, description = "Show a task's state and result (or error).")
    static final class Result implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOption broker;

        @Parameters(paramLabel = "ID", description = "The task id that send printed.")
        String id;

        @Option(names = "--wait", paramLabel = "TIME", converter = DurationConverter.class, description = "Wait this long for it to finish.")
        Duration wait;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (var q = open(broker.url())) {
                AsyncResult r = q.result(id);
                if (wait != null) {
                    return printResult(q, r, wait, out, spec.commandLine().getErr());
                }
                TaskState s = r.state();
                out.print(s);
                if (s == TaskState.SUCCESS) {
                    out.print(" " + r.get(Duration.ofSeconds(10)));
                } else if (r.error() != null) {
                    out.print(" " + r.error());
                } else if (r.progress() != null) {
                    out.print(" progress " + r.progress());
                }
                out.println();
                return Main.OK;
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show queues (ready/delayed/leased), active (leased) or scheduled (delayed) tasks, workers (live heartbeats) or dead letters.")
    static final class Inspect implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOption broker;

        @Parameters(paramLabel = "WHAT", description = "queues, active, scheduled, workers or dead.")
        String what;

        @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default 20).")
        int limit = 20;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!List.of("queues", "active", "scheduled", "workers", "dead").contains(what)) {
                throw new UsageException("unknown inspect target '" + what + "'; valid: queues, active, scheduled, workers, dead");
            }
            try (var q = open(broker.url())) {
                Broker b = q.broker();
                switch (what) {
                    case "queues" -> {
                        Map<String, Broker.QueueStats> stats = b.stats();
                        out.printf(Locale.ROOT, "%-20s %8s %8s %8s%n", "queue", "ready", "delayed", "leased");
                        stats.forEach((name, s) -> out.printf(Locale.ROOT, "%-20s %8d %8d %8d%n", name, s.ready(), s.delayed(), s.leased()));
                        out.println("dead letters: " + b.deadLetters(100_000).size());
                    }
                    case "active" -> b.active(limit).forEach(out::println);
                    case "scheduled" -> b.scheduled(limit).forEach(out::println);
                    case "workers" -> b.workers().forEach(out::println);
                    case "dead" -> b.deadLetters(limit).forEach(d -> out.println(Instant.ofEpochMilli(d.at()) + " [" + d.queue() + "] "
                            + d.reason() + " :: " + d.body()));
                    default -> throw new IllegalStateException(what);
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove the waiting (ready and delayed) messages of a queue; leased ones finish.")
    static final class Purge implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOption broker;

        @Option(names = {"-q", "--queue"}, description = "Queue (default: default).")
        String queue = TaskOptions.DEFAULT_QUEUE;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (var q = open(broker.url())) {
                spec.commandLine().getOut().println("purged " + q.broker().purge(queue) + " message(s) from " + queue);
            }
            return Main.OK;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start worker processes on a fresh SQLite file, send a batch of tasks, show progress, then stop the workers with SIGTERM.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--workers", paramLabel = "N", description = "Worker processes (default 2).")
        int workers = 2;

        @Option(names = "--tasks", paramLabel = "N", description = "Tasks to send (default 200: sleeps of 20 ms and some CPU work).")
        int tasks = 200;

        @Option(names = "--broker", paramLabel = "URL", description = "Broker (default: sqlite: in a temporary directory).")
        String url;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (workers < 1 || workers > 16 || tasks < 1 || tasks > 1_000_000) {
                throw new UsageException("--workers must be 1..16 and --tasks 1..1000000");
            }
            PrintWriter out = spec.commandLine().getOut();
            Path dir = null;
            if (url == null) {
                dir = Files.createTempDirectory("conclab-queue-demo");
                url = "sqlite:" + dir.resolve("demo.db");
            }
            var procs = new ArrayList<Process>();
            try (var q = open(url)) {
                out.println("broker " + url + "; starting " + workers + " worker process(es)…");
                out.flush();
                for (int i = 0; i < workers; i++) {
                    Process p = new ProcessBuilder(WorkerMain.command(List.of("--broker", url, "--concurrency", "4",
                            "--name", "demo-" + (i + 1)))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    procs.add(p);
                }
                for (Process p : procs) {
                    var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    String line = in.readLine();
                    if (line == null || !line.startsWith("ready")) {
                        throw new IllegalStateException("a worker process did not start (exit " + p.waitFor() + ")");
                    }
                    out.println("  worker pid " + p.pid() + " " + line);
                }
                long t0 = System.nanoTime();
                var sent = new ArrayList<AsyncResult>();
                for (int i = 0; i < tasks; i++) {
                    sent.add(i % 10 == 9 ? q.send("cpu", List.of(2_000_000)) : q.send("sleep", List.of(20)));
                }
                double sendS = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "sent %d tasks in %.2f s (%.0f/s)%n", tasks, sendS, tasks / sendS);
                out.flush();
                var byWorker = new TreeMap<String, Integer>();
                int done = 0;
                long lastPrint = 0;
                while (done < sent.size()) {
                    done = 0;
                    for (AsyncResult r : sent) {
                        if (r.toCompletableFuture().isDone()) {
                            done++;
                        }
                    }
                    long now = System.nanoTime();
                    if (now - lastPrint > 250_000_000L || done == sent.size()) {
                        lastPrint = now;
                        var stats = q.broker().stats().getOrDefault("default", new Broker.QueueStats(0, 0, 0));
                        out.printf(Locale.ROOT, "  %5d/%d done   ready %d, leased %d   %.1f s%n", done, sent.size(), stats.ready(),
                                stats.leased(), (now - t0) / 1e9);
                        out.flush();
                    }
                    if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                        throw new IllegalStateException("the demo took over 5 minutes; " + done + " of " + tasks + " done");
                    }
                    Thread.sleep(20);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                for (AsyncResult r : sent) {
                    String w = new ObjectMapper().readTree(q.broker().result(r.id()).orElse("{}")).path("worker").asText("?");
                    byWorker.merge(w, 1, Integer::sum);
                }
                out.printf(Locale.ROOT, "all %d done in %.2f s (%.0f tasks/s); by worker: %s%n", tasks, s, tasks / s, byWorker);
            } finally {
                for (Process p : procs) {
                    p.destroy(); // SIGTERM: graceful shutdown
                }
                for (Process p : procs) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
                out.println("workers stopped (SIGTERM)");
                if (dir != null) {
                    try (var files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
            }
            return Main.OK;
        }
    }
}
