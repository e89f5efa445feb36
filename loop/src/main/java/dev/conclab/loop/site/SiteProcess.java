package dev.conclab.loop.site;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LatencySite} in a JVM of its own, for measurements: the clients being measured then
 * share neither threads, nor heap, nor CPU accounting, nor file descriptors with the site (ten
 * thousand connections take ten thousand descriptors on each side, more than one process is
 * often allowed).
 *
 * <p>The child runs with this JVM's class path; it exits when its standard input closes, so it
 * does not outlive this process even if {@link #close()} is never called. Thread-safe.
 */
public final class SiteProcess implements AutoCloseable {

    private final Process process;
    private final URI uri;
    private final StringBuffer errors;

    private SiteProcess(Process process, URI uri, StringBuffer errors) {
        this.process = process;
        this.uri = uri;
        this.errors = errors;
    }

    /**
     * Starts the site and waits until it accepts connections.
     *
     * @throws IOException if the JVM cannot start or the site does not come up within 30 s (with its error output)
     */
    public static SiteProcess start(LatencySite.Settings settings) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        var command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                LatencySite.class.getName()));
        command.addAll(settings.toArgs());
        Process process = new ProcessBuilder(command).start();
        var errors = new StringBuffer();
        // Platform threads, not virtual ones: reading a process pipe blocks in a native file read,
        // which pins a virtual thread's carrier. Two such readers on a 2-core machine took both
        // carriers, and no other virtual thread in the JVM could run (chapter 7 shows pinning).
        Thread.ofPlatform().daemon().name("site-stderr").start(() -> {
            try (var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (errors.length() < 8192) {
                        errors.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // The child is gone.
            }
        });
        var ready = new CompletableFuture<URI>();
        Thread.ofPlatform().daemon().name("site-stdout").start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LatencySite.READY_LINE)) {
                        ready.complete(URI.create(line.substring(LatencySite.READY_LINE.length()).trim()));
                    }
                }
                ready.completeExceptionally(new IOException("the site exited before it was ready"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            return new SiteProcess(process, ready.get(30, TimeUnit.SECONDS), errors);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the latency site did not start: " + (errors.isEmpty() ? e.getMessage() : errors.toString().strip()), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the latency site", e);
        }
    }

    public URI uri() {
        return uri;
    }

    public long pid() {
        return process.pid();
    }

    /** What the site wrote on standard error (the first 8 KiB). */
    public String errorOutput() {
        return errors.toString();
    }

    /** Stops the site: closes its standard input, waits up to 5 s, then kills it. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SiteProcess[" + uri + ", pid " + process.pid() + "]";
    }
}
