package dev.conclab.lab.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.Home;
import dev.conclab.lab.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the study plan's own Python programs ({@code peers/python/*.py}) with real CPython, so
 * a chapter can show CPython's figures beside Java's, measured on the same machine.
 *
 * <p>A peer prints one JSON object on standard output (its figures) and may print progress on
 * standard error. When no CPython is found, or a module the peer needs is missing, the peer is
 * not run and the result says why, in a sentence the report shows ("skipped: …").
 *
 * <p>The interpreter is {@code $CONCLAB_PYTHON} if set, else Debian's {@code /usr/bin/python3}
 * (where the Debian packages the peers use are installed), else {@code python3} on the PATH.
 * Thread-safe.
 */
public final class PythonPeer {

    /** A CPython that was found and asked for its version. */
    public record Interpreter(Path executable, String version, boolean freeThreaded) {
        /** e.g. "CPython 3.11.2" or "CPython 3.13.1 (free-threaded)". */
        public String label() {
            return "CPython " + version + (freeThreaded ? " (free-threaded)" : "");
        }
    }

    /** What running a peer gave: its JSON, or the reason it did not run. */
    public sealed interface Outcome permits Ran, Skipped {
    }

    /** The peer ran and printed {@code json}. */
    public record Ran(Interpreter interpreter, JsonNode json, Duration elapsed) implements Outcome {
    }

    /** The peer did not run, for {@code reason} (one sentence, for the report). */
    public record Skipped(String reason) implements Outcome {
    }

    private static final String PROBE = "import sys, sysconfig, json; print(json.dumps({'version': sys.version.split()[0], "
            + "'implementation': sys.implementation.name, "
            + "'freeThreaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED'))}))";

    private PythonPeer() {
    }

    /** The peers folder: {@code <conclab home>/peers/python}. */
    public static Path peersFolder() {
        return Home.path().resolve("peers").resolve("python");
    }

    /** The CPython to use, if there is one. */
    public static Optional<Interpreter> interpreter() {
        var candidates = new ArrayList<String>();
        String configured = System.getenv("CONCLAB_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        } else {
            candidates.add("/usr/bin/python3");
            candidates.add("python3");
        }
        for (String candidate : candidates) {
            try {
                var result = exec(List.of(candidate, "-c", PROBE), Duration.ofSeconds(20));
                if (result.exit == 0) {
                    JsonNode probe = Json.mapper().readTree(result.out);
                    if ("cpython".equals(probe.path("implementation").asText())) {
                        return Optional.of(new Interpreter(Path.of(candidate), probe.path("version").asText(),
                                probe.path("freeThreaded").asBoolean()));
                    }
                }
            } catch (IOException e) {
                // Not there or not runnable: try the next one.
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code peers/python/<script>} with {@code args}.
     *
     * @param modules Python modules the peer imports beyond the standard library, each with the
     *                Debian package that provides it, as {@code "aiohttp=python3-aiohttp"}
     * @param timeout the peer is killed after this long, and the outcome says so
     */
    public static Outcome run(String script, List<String> args, List<String> modules, Duration timeout) {
        Path file = peersFolder().resolve(script);
        if (!Files.isRegularFile(file)) {
            return new Skipped("the peer " + file + " is missing");
        }
        Optional<Interpreter> found = interpreter();
        if (found.isEmpty()) {
            return new Skipped("no CPython found (install Debian's python3, or set CONCLAB_PYTHON)");
        }
        Interpreter python = found.get();
        for (String module : modules) {
            String name = module.contains("=") ? module.substring(0, module.indexOf('=')) : module;
            String debian = module.contains("=") ? module.substring(module.indexOf('=') + 1) : "python3-" + name;
            try {
                if (exec(List.of(python.executable().toString(), "-c", "import " + name), Duration.ofSeconds(30)).exit != 0) {
                    return new Skipped(python.label() + " lacks the module " + name + " (apt-get install " + debian + ")");
                }
            } catch (IOException e) {
                return new Skipped("could not run " + python.executable() + ": " + e.getMessage());
            }
        }
        var command = new ArrayList<>(List.of(python.executable().toString(), file.toString()));
        command.addAll(args);
        long started = System.nanoTime();
        try {
            var result = exec(command, timeout);
            if (result.timedOut) {
                return new Skipped("the peer " + script + " did not finish within " + timeout.toSeconds() + " s and was stopped");
            }
            if (result.exit != 0) {
                String last = result.err.strip().lines().reduce((a, b) -> b).orElse("no message");
                return new Skipped("the peer " + script + " failed (exit " + result.exit + "): " + last);
            }
            return new Ran(python, Json.mapper().readTree(result.out), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new Skipped("the peer " + script + " printed no valid JSON: " + e.getMessage());
        }
    }

    private record Exec(int exit, String out, String err, boolean timedOut) {
    }

    private static Exec exec(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // One platform thread per pipe: a pipe read blocks in native code, and a peer that fills
        // one pipe while we drain the other must never wait on a shared pool.
        var out = new CompletableFuture<String>();
        var err = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().name("peer-stdout").start(() -> out.complete(readAll(process.getInputStream())));
        Thread.ofPlatform().daemon().name("peer-stderr").start(() -> err.complete(readAll(process.getErrorStream())));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Exec(-1, "", "", true);
            }
            return new Exec(process.exitValue(), out.join(), err.join(), false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.getFirst(), e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
