package dev.conclab.chapters.celery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of our own for a benchmark or experiment: a free loopback port, a temporary directory, no
 * persistence; stopped by its PID on close. {@link #start()} is empty when Debian's redis-server is missing.
 */
public final class LocalRedis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private LocalRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static Optional<String> binary() {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return Optional.of(d + "/redis-server");
            }
        }
        return Optional.empty();
    }

    public static Optional<LocalRedis> start() throws IOException, InterruptedException {
        Optional<String> bin = binary();
        if (bin.isEmpty()) {
            return Optional.empty();
        }
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("conclab-redis");
        Process p = new ProcessBuilder(bin.get(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var r = new LocalRedis(p, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + " (log: " + dir.resolve("redis.log") + ")");
            }
            try (var s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                if (s.getInputStream().read() == '+') {
                    return Optional.of(r);
                }
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        r.close();
        throw new IOException("redis-server did not answer on port " + port);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT/DB}. */
    public String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    /** Empties every database (between measurements). */
    public void flushAll() throws IOException {
        try (var s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("FLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
