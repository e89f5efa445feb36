package dev.conclab.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real worker JVM ({@link WorkerMain}) started by a test, with the test's class path. */
final class WorkerProcess implements AutoCloseable {

    final Process process;
    final String id;

    private WorkerProcess(Process process, String id) {
        this.process = process;
        this.id = id;
    }

    static WorkerProcess start(String brokerUrl, String... args) throws Exception {
        var cmd = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), "--broker", brokerUrl));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ready ")) {
                        return line.split(" ")[1];
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String id = ready.get(60, TimeUnit.SECONDS);
        if (id == null) {
            throw new IllegalStateException("worker process exited before it was ready: " + p.waitFor());
        }
        // keep draining stdout so the child never blocks on a full pipe
        Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return new WorkerProcess(p, id);
    }

    long pid() {
        return process.pid();
    }

    void kill9() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(pid())).inheritIO().start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void sigterm() throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(pid())).inheritIO().start().waitFor();
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            sigterm();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
