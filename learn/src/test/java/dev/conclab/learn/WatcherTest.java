package dev.conclab.learn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120) // deadlock guard only
class WatcherTest {

    @Test
    void checksAtOnceThenAgainOnSaveAndMarksThePassDone(@TempDir Path dir) throws Exception {
        Path home = TempHome.with(dir, "01-basics/1-split-sum");
        Catalog catalog = Catalog.load(home);
        Exercise exercise = catalog.find("1.1").orElseThrow();
        Progress progress = Progress.load(home.resolve("progress.json"));
        var output = new StringWriter();
        var watcher = new Watcher(catalog, progress, new Checker(), new Screens(home), new PrintWriter(output, true));

        var checks = new AtomicReference<Integer>();
        Thread watching = Thread.ofPlatform().start(() -> {
            try {
                checks.set(watcher.watch(Optional.empty(), 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The first check (of the skeleton) runs at once; save the reference when it is done.
        while (!output.toString().contains("Watching")) {
            Thread.sleep(50);
        }
        assertThat(output.toString()).contains("✗ 1.1 basics/split-sum");
        Files.copy(exercise.solution().resolve("SplitSum.java"), exercise.learnerFiles().getFirst(),
                StandardCopyOption.REPLACE_EXISTING);
        watching.join();

        assertThat(checks.get()).isEqualTo(2);
        assertThat(output.toString()).contains("✓ 1.1 basics/split-sum: all 4 expectations hold.").contains("Every exercise is done.");
        assertThat(Progress.load(home.resolve("progress.json")).isDone(exercise)).isTrue();
    }
}
