package dev.conclab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ./conclab launcher's JDK search, with fake JDK folders so the test does not depend on
 * which JDKs this machine has. Fakes are never run for real: the launcher stops before building.
 */
@Timeout(60) // deadlock guard only
class LauncherTest {

    private static final Path LAUNCHER = Path.of("..", "conclab").toAbsolutePath().normalize();

    record Result(int exit, String err) {
    }

    private static Result launch(Map<String, String> env, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), err);
    }

    private static Path fakeJdk(Path root, String name, String version) throws IOException {
        Path home = root.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = home.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\necho 'fake " + tool + "' >&2\nexit 97\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void withOnlyOldJdksItSaysWhatItFoundAndWhatItNeedsInOneLine(@TempDir Path jvms) throws Exception {
        Path old = fakeJdk(jvms, "jdk-17", "17.0.15");
        fakeJdk(jvms, "jdk-21", "21.0.2");
        Result result = launch(Map.of("JAVA_HOME", old.toString(), "CONCLAB_JVM_DIRS", jvms + "/*"), "--help");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip()).doesNotContain("\n")
                .startsWith("conclab: needs a JDK 25 or newer; found only ")
                .contains("jdk-17 (Java 17)", "jdk-21 (Java 21)");
    }

    @Test
    void withNoJdkAtAllItSaysSo(@TempDir Path empty) throws Exception {
        Result result = launch(Map.of("CONCLAB_JVM_DIRS", empty + "/*"), "--help");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("conclab: needs a JDK 25 or newer, and found no JDK at all");
    }

    @Test
    void aFolderWithoutJavacIsNotAJdk(@TempDir Path jvms) throws Exception {
        Path jre = fakeJdk(jvms, "jre-25", "25.0.1");
        Files.delete(jre.resolve("bin/javac"));
        Result result = launch(Map.of("CONCLAB_JVM_DIRS", jvms + "/*"), "--help");
        assertThat(result.err()).contains("found no JDK at all");
    }

    @Test
    void picksANewEnoughJdkFromTheSearchedFolders(@TempDir Path jvms) throws Exception {
        fakeJdk(jvms, "jdk-17", "17.0.15");
        fakeJdk(jvms, "jdk-25", "25.0.3");
        // The launcher then runs that JDK's tools: the fake ones answer with exit 97, which
        // shows the launcher chose jdk-25 (the real JDK would have built and run the CLI).
        Result result = launch(Map.of("CONCLAB_JVM_DIRS", jvms + "/*", "CONCLAB_BUILD_QUIET", "1"), "test", "--version");
        assertThat(result.err()).doesNotContain("needs a JDK").contains("fake java");
        assertThat(result.exit()).isEqualTo(97);
    }
}
