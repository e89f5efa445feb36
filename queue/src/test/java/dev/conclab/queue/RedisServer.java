package dev.conclab.queue;

import dev.conclab.lab.testing.Requirements;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real redis-server on a free loopback port in a temp dir, started and stopped by a test (by PID). */
final class RedisServer implements AutoCloseable {

    final int port;
    final Path dir;
    private final boolean appendOnly;
    private Process process;

    private RedisServer(int port, Path dir, boolean appendOnly) {
        this.port = port;
        this.dir = dir;
        this.appendOnly = appendOnly;
    }

    static String binary() {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return d + "/redis-server";
            }
        }
        return null;
    }

    /** Skips (locally) or fails (CI) when redis-server is missing. */
    static void require() {
        Requirements.require(binary() != null, "redis-server", "apt-get install redis-server");
    }

    static RedisServer start(Path dir, boolean appendOnly) throws Exception {
        require();
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var r = new RedisServer(port, dir, appendOnly);
        r.start();
        return r;
    }

    void start() throws Exception {
        var cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "yes",
                "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always", "--logfile", dir.resolve("redis.log").toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.out")));
            }
            try (var s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("PING\r\n".getBytes());
                byte[] buf = new byte[7];
                if (s.getInputStream().read(buf) > 0 && new String(buf).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** SIGTERM: redis-server writes its append-only file and exits. */
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    void flushAll() throws Exception {
        try (var s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("FLUSHALL\r\n".getBytes());
            byte[] buf = new byte[5];
            s.getInputStream().read(buf);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
