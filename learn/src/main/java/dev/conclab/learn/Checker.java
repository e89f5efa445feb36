package dev.conclab.learn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.report.Json;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles an exercise (in this JVM, with javac) and runs its tests (in a child JVM, see
 * {@link TestRunner}), then says which expectations hold.
 *
 * <p>The class path for both is this JVM's own: it holds JUnit, AssertJ, lab-core, the
 * components (such as virtual's PinningMonitor) and {@link Hint}, which is all an exercise may
 * use. Preview APIs (StructuredTaskScope in JDK 25) are enabled. Thread-safe: every check works in a
 * temporary folder of its own, deleted afterwards.
 */
public final class Checker {

    /** Which version of the learner's files to check. */
    public enum Version {
        /** The learner's files in the exercise folder, as they are now. */
        LEARNER,
        /** The reference solution's files in place of the learner's. */
        REFERENCE
    }

    private final Duration timeout;

    /** @param timeout how long the tests may run before the check reports a deadlock or endless loop */
    public Checker(Duration timeout) {
        this.timeout = timeout;
    }

    public Checker() {
        this(Duration.ofSeconds(60));
    }

    public CheckResult check(Exercise exercise) {
        return check(exercise, Version.LEARNER);
    }

    public CheckResult check(Exercise exercise, Version version) {
        Path work;
        try {
            work = Files.createTempDirectory("conclab-learn-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<Path> sources = new ArrayList<>();
            for (Path file : exercise.learnerFiles()) {
                Path chosen = version == Version.REFERENCE ? exercise.solution().resolve(file.getFileName()) : file;
                if (!Files.isRegularFile(chosen)) {
                    throw new IllegalStateException("no reference for " + file.getFileName() + " in " + exercise.solution());
                }
                sources.add(chosen);
            }
            sources.add(exercise.testFile());
            List<String> errors = compile(sources, work);
            if (!errors.isEmpty()) {
                return new CheckResult(exercise, CheckResult.Status.COMPILE_ERROR, errors, List.of(), null, "");
            }
            return run(exercise, work);
        } finally {
            delete(work);
        }
    }

    private static List<String> compile(List<Path> sources, Path out) {
        var javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this Java has no compiler (javac): run conclab with a JDK, not a JRE");
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            var units = files.getJavaFileObjectsFromPaths(sources);
            var options = List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                    "--release", String.valueOf(Runtime.version().feature()), "--enable-preview", "-Xlint:-preview",
                    "-proc:none", "-implicit:none", "-nowarn");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            var errors = new ArrayList<String>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
                    errors.add(file + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed without saying why");
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckResult run(Exercise exercise, Path classes) {
        String testClass;
        try {
            testClass = exercise.testClassName(Files.readString(exercise.testFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
                TestRunner.class.getName(), testClass);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            var stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new CheckResult(exercise, CheckResult.Status.TIMED_OUT, List.of(), List.of(),
                        "the tests did not finish within " + timeout.toSeconds() + " s: a deadlock, or a loop that never ends?", "");
            }
            String line = stdout.join().lines().filter(l -> l.startsWith(TestRunner.MARKER)).findFirst().orElse(null);
            if (line == null) {
                return new CheckResult(exercise, CheckResult.Status.BROKEN, List.of(), List.of(),
                        "the test JVM stopped (exit " + process.exitValue() + ") before reporting: does the code call System.exit?", "");
            }
            JsonNode json = Json.mapper().readTree(line.substring(TestRunner.MARKER.length()));
            var expectations = new ArrayList<CheckResult.Expectation>();
            for (JsonNode e : json.path("expectations")) {
                expectations.add(new CheckResult.Expectation(e.path("name").asText(), e.path("passed").asBoolean(),
                        e.hasNonNull("message") ? e.get("message").asText() : null,
                        e.hasNonNull("hint") ? e.get("hint").asText() : null));
            }
            boolean allPassed = !expectations.isEmpty() && expectations.stream().allMatch(CheckResult.Expectation::passed);
            return new CheckResult(exercise, allPassed ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
                    List.of(), expectations, expectations.isEmpty() ? "the test class has no tests" : null,
                    json.path("output").asText(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(exercise, CheckResult.Status.BROKEN, List.of(), List.of(), "interrupted", "");
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
