package dev.conclab.learn;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.conclab.lab.report.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which exercises the learner has done, in one JSON file ({@code .conclab/progress.json} in the
 * conclab folder by default). Delete the file to start over. Writes replace the file atomically,
 * so an interrupted write never leaves half a file. Not thread-safe; one learner at a time.
 */
public final class Progress {

    private final Path file;
    private final Map<String, String> done;

    private Progress(Path file, Map<String, String> done) {
        this.file = file;
        this.done = done;
    }

    /**
     * The default file for the conclab folder {@code home}; the system property
     * {@code conclab.progress} or the environment variable {@code CONCLAB_PROGRESS} override it.
     */
    public static Path defaultFile(Path home) {
        String override = System.getProperty("conclab.progress", System.getenv("CONCLAB_PROGRESS"));
        return override != null && !override.isBlank() ? Path.of(override) : home.resolve(".conclab").resolve("progress.json");
    }

    /** Reads {@code file}; a missing file is a fresh start, a damaged one is reported. */
    public static Progress load(Path file) {
        if (!Files.exists(file)) {
            return new Progress(file, new TreeMap<>());
        }
        try {
            var state = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Map<String, String>>>() {
            });
            return new Progress(file, new TreeMap<>(state.getOrDefault("done", Map.of())));
        } catch (IOException e) {
            throw new IllegalStateException("the progress file " + file + " is damaged (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete it to start over");
        }
    }

    public Path file() {
        return file;
    }

    public boolean isDone(Exercise exercise) {
        return done.containsKey(exercise.id());
    }

    /** Marks {@code exercise} done now and saves. */
    public void markDone(Exercise exercise) {
        done.put(exercise.id(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        save();
    }

    public int doneCount() {
        return done.size();
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, Json.write(Map.of("done", done)));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save progress to " + file, e);
        }
    }
}
