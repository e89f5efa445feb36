package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The processes pool: child JVMs that run tasks one at a time, fed over their stdin and answering on their
 * stdout, one JSON line each way (Celery's prefork pool). A child that is killed (hard time limit) or dies
 * is replaced. Thread-safe.
 */
final class ChildPool {

    private final List<String> setClasses;
    private final List<String> jvmOptions;
    private final Consumer<String> log;
    private final String workerId;
    private final BlockingQueue<Child> idle = new LinkedBlockingQueue<>();
    private final List<Child> all = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile String startFailure;

    ChildPool(List<String> setClasses, int size, List<String> jvmOptions, Consumer<String> log, String workerId) {
        this.setClasses = List.copyOf(setClasses);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = log;
        this.workerId = workerId;
        var starting = new ArrayList<Thread>();
        for (int i = 0; i < size; i++) {
            starting.add(Thread.ofVirtual().start(this::spawn));
        }
        for (Thread t : starting) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void spawn() {
        if (closed) {
            return;
        }
        try {
            var c = new Child(start());
            all.add(c);
            startFailure = null;
            idle.add(c);
        } catch (IOException | RuntimeException | LinkageError e) {
            startFailure = Message.oneLine(String.valueOf(e));
            log.accept("[worker " + workerId + "] cannot start a child JVM: " + startFailure);
        }
    }

    private Process start() throws IOException {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview")) {
            cmd.add("--enable-preview");
        }
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildMain.class.getName());
        cmd.addAll(setClasses);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * An idle child, waiting for one to come free.
     *
     * @throws IllegalStateException when no child is alive and the last one to be started could not be
     */
    Child take() throws InterruptedException {
        while (true) {
            Child c = idle.poll(1, TimeUnit.SECONDS);
            if (c != null) {
                return c;
            }
            if (closed) {
                throw new InterruptedException("pool closed");
            }
            String failure = startFailure;
            if (failure != null && all.isEmpty()) {
                Thread.ofVirtual().start(this::spawn); // try again for the next task
                throw new IllegalStateException("no child JVM is running: " + failure);
            }
        }
    }

    void giveBack(Child c) {
        if (c.process.isAlive() && !c.killed) {
            idle.add(c);
        } else {
            all.remove(c);
            c.process.destroyForcibly();
            if (!closed) {
                Thread.ofVirtual().start(this::spawn);
            }
        }
    }

    void close() {
        closed = true;
        for (Child c : all) {
            try {
                c.in.close();
            } catch (IOException ignored) {
                // it is being stopped anyway
            }
        }
        for (Child c : all) {
            try {
                if (!c.process.waitFor(2, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
            }
        }
    }

    final class Child {
        final Process process;
        final BufferedWriter in;
        final BufferedReader out;
        volatile boolean killed;

        Child(Process process) {
            this.process = process;
            this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void kill() {
            killed = true;
            process.destroyForcibly();
        }

        Worker.Outcome run(Message m, Consumer<Object> progress) {
            try {
                var req = Json.NODES.objectNode();
                req.put("id", m.id()).put("task", m.task()).put("attempt", m.attempt()).put("softMs", m.softMs());
                req.set("args", m.args());
                in.write(req.toString());
                in.write('\n');
                in.flush();
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode r = Json.read(line);
                    if ("progress".equals(r.path("t").asText())) {
                        progress.accept(r.get("meta"));
                        continue;
                    }
                    return switch (r.path("kind").asText()) {
                        case "ok" -> new Worker.Success(r.get("result"));
                        case "retry" -> new Worker.Failed("retry requested", Duration.ofMillis(r.path("afterMs").asLong()));
                        case "badargs" -> new Worker.BadArgs(r.path("error").asText());
                        case "fatal" -> new Worker.Failed(r.path("error").asText(), null, true);
                        default -> new Worker.Failed(r.path("error").asText(), null);
                    };
                }
            } catch (IOException e) {
                // the child died: reported below
            }
            if (killed) {
                return new Worker.Failed("hard time limit of " + m.hardMs() + " ms exceeded (child process killed)", null);
            }
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String code = process.isAlive() ? "still running" : "exit code " + process.exitValue();
            return new Worker.Failed("worker process " + process.pid() + " died (" + code + ")", null);
        }
    }
}
