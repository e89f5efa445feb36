package dev.conclab.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A class-data archive is written once, by one worker, and used by the workers started after it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a deadlock guard, not a speed goal
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theFirstPoolWritesTheArchiveAndTheNextOneStartsFromIt() throws Exception {
        Path jar = jarOf(dir.resolve("worker.jar"), ProcessPool.class, Tasks.class);
        Path cache = dir.resolve("cache");
        try (var pool = ProcessPool.builder().workers(2).classPath(jar.toString()).classDataArchive(cache).build()) {
            assertThat(pool.map(Tasks.Square.class, List.of(2L, 3L), 1)).containsExactly(4L, 9L);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(cache)) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".jsa").doesNotContain(".tmp"));

        try (var pool = ProcessPool.builder().workers(2).classPath(jar.toString()).classDataArchive(cache).build()) {
            assertThat(pool.workers()).allSatisfy(w -> assertThat(w.info().arguments().orElseThrow())
                    .contains("-XX:SharedArchiveFile=" + files.getFirst()));
            assertThat(pool.submit(Tasks.Square.class, 5L).get()).isEqualTo(25L);
        }
    }

    @Test
    void aClassPathWithADirectoryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ProcessPool.builder().classPath(dir.toString()).classDataArchive(dir.resolve("cache")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class path of jars only").hasMessageContaining(dir.toString());
    }

    /** A jar of the class folders that hold {@code types}. */
    private static Path jarOf(Path jar, Class<?>... types) throws Exception {
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            var seen = new java.util.HashSet<String>();
            for (Class<?> type : types) {
                Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = root.relativize(f).toString().replace('\\', '/');
                        if (seen.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return jar;
    }
}
