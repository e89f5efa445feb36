package dev.conclab.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process: {@code java -cp … dev.conclab.queue.WorkerMain --broker URL [--queues a,b] [--pool P]
 * [--concurrency N] [--prefetch K] [--lease-ms N] [--grace-ms N] [--name ID] [--tasks CLASS,…]}. Registers
 * {@link BuiltinTasks} and the named TaskSet classes, prints {@code ready <id> <pid>} on stdout once fetching,
 * and shuts down gracefully on SIGTERM (or when stdin closes with {@code --stdin-stop}). {@code conclab queue worker}
 * is the same worker behind the CLI.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String broker = null;
        var options = WorkerOptions.defaults();
        var sets = new ArrayList<String>();
        boolean stdinStop = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--broker" -> broker = args[++i];
                case "--queues" -> options = options.withQueues(TaskQueue.split(args[++i]));
                case "--pool" -> options = options.withPool(WorkerOptions.Pool.parse(args[++i]), options.concurrency());
                case "--concurrency" -> options = options.withPool(options.pool(), Integer.parseInt(args[++i]));
                case "--prefetch" -> options = options.withPrefetch(Integer.parseInt(args[++i]));
                case "--lease-ms" -> options = options.withLease(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--grace-ms" -> options = options.withGrace(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--name" -> options = options.withName(args[++i]);
                case "--tasks" -> sets.addAll(TaskQueue.split(args[++i]));
                case "--no-track-started" -> options = options.withTrackStarted(false);
                case "--stdin-stop" -> stdinStop = true;
                default -> {
                    System.err.println("WorkerMain: unknown option '" + a + "'");
                    System.exit(2);
                }
            }
        }
        if (broker == null) {
            System.err.println("WorkerMain: --broker URL is required");
            System.exit(2);
        }
        try {
            run(broker, options, sets, stdinStop);
        } catch (IllegalArgumentException e) {
            System.err.println("WorkerMain: " + Message.oneLine(e.getMessage()));
            System.exit(2);
        } catch (dev.conclab.queue.broker.BrokerException | ReflectiveOperationException | ClassCastException e) {
            System.err.println("WorkerMain: " + Message.oneLine(String.valueOf(e.getMessage())));
            System.exit(1);
        }
    }

    /**
     * The command line of a worker JVM like this one: the same {@code java}, class path and preview/native-access
     * flags, running {@code WorkerMain} with {@code args} (for the CLI's demo and for tests).
     */
    public static List<String> command(List<String> args) {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview")) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs a worker until SIGTERM/SIGINT (or stdin's end with {@code stdinStop}); returns after its graceful shutdown. */
    public static void run(String brokerUrl, WorkerOptions options, List<String> taskSets, boolean stdinStop) throws Exception {
        var queue = TaskQueue.connect(brokerUrl);
        queue.register(new BuiltinTasks());
        for (String cls : taskSets) {
            queue.register((TaskSet) Class.forName(cls).getDeclaredConstructor().newInstance());
        }
        var worker = queue.startWorker(options);
        var done = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.shutdown(options.grace());
            done.countDown();
        }, "conclab-worker-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("ready " + worker.id() + " " + ProcessHandle.current().pid());
        System.out.flush();
        if (stdinStop) {
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
            worker.shutdown(options.grace());
        } else {
            worker.awaitTermination(Duration.ofDays(3650));
        }
        queue.close();
    }
}
