package dev.conclab.learn;

import dev.conclab.lab.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogAndProgressTest {

    @Test
    void findsChapterOnesExercisesInOrderWithIdsTitlesAndHints() {
        Catalog catalog = Catalog.load(Home.path());
        assertThat(catalog.all()).extracting(Exercise::id).startsWith("basics/split-sum", "basics/lost-update", "basics/right-executor");
        Exercise first = catalog.find("1.1").orElseThrow();
        assertThat(catalog.find("basics/split-sum")).contains(first);
        assertThat(first.title()).isEqualTo("Split a sum over threads and join them");
        assertThat(first.text()).doesNotContain("## Hints").contains("join()");
        assertThat(first.hints()).hasSize(3).first().asString().contains("i * n / k");
        assertThat(first.learnerFiles()).extracting(p -> p.getFileName().toString()).containsExactly("SplitSum.java");
        assertThat(first.testClassName("package exercises.basics.splitsum;")).isEqualTo("exercises.basics.splitsum.SplitSumTest");
        assertThat(catalog.find("9.9")).isEmpty();
        assertThat(catalog.names()).contains("basics/split-sum (1.1)");
    }

    @Test
    void progressSurvivesARoundTripAndAMissingFileIsAFreshStart(@TempDir Path dir) {
        Exercise exercise = Catalog.load(Home.path()).find("1.2").orElseThrow();
        Path file = dir.resolve("nested/progress.json");
        Progress fresh = Progress.load(file);
        assertThat(fresh.isDone(exercise)).isFalse();
        fresh.markDone(exercise);

        Progress again = Progress.load(file);
        assertThat(again.isDone(exercise)).isTrue();
        assertThat(again.doneCount()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("nested/progress.json.tmp"))).isFalse();
    }

    @Test
    void aDamagedProgressFileIsReportedWithTheWayOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("progress.json");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> Progress.load(file)).hasMessageContaining("damaged").hasMessageContaining("delete it");
    }

    @Test
    void theListMarksDoneAndPendingAndPointsToTheNext(@TempDir Path dir) {
        Catalog catalog = Catalog.load(Home.path());
        Progress progress = Progress.load(dir.resolve("p.json"));
        progress.markDone(catalog.find("1.1").orElseThrow());
        String list = new Screens(Home.path()).list(catalog, progress, Map.of(1, "Basics"));
        assertThat(list).contains("1 of " + catalog.all().size() + " exercises done")
                .contains("Chapter 1. Basics")
                .contains("✓ 1.1   basics/split-sum")
                .contains("· 1.2   basics/lost-update")
                .contains("Next: 1.2 basics/lost-update");
    }
}
