package dev.conclab.chapters.threading;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 180, unit = TimeUnit.SECONDS) // deadlock guard only
class ThreadingChapterTest {

    @Test
    void isRegisteredAsChapterTwoAndOffersTheGilModelsBesideTheStandardOnes() {
        assertThat(Chapters.find("threading")).get().isInstanceOf(ThreadingChapter.class);
        assertThat(Chapters.find("02-threading")).isPresent();
        assertThat(Chapters.find("2")).get().isInstanceOf(ThreadingChapter.class);
        assertThat(new ThreadingChapter().models()).startsWith("sequential", "threads", "gil-threads", "free-threaded", "gil-fifo")
                .contains("virtual", "fixed-pool").doesNotHaveDuplicates();
    }

    @Test
    void aQuickRunMeasuresGridsSideBySideAndConvoyWithConclusions() throws Exception {
        var options = new ChapterOptions(ChapterOptions.Depth.QUICK, List.of(1, 2), null, 1, 0, null);
        ChapterResult result = new ThreadingChapter().run(options, ProgressListener.NONE);

        assertThat(result.number()).isEqualTo(2);
        assertThat(result.experiments()).extracting(ExperimentResult::id)
                .containsExactly("cpu", "wait", "cpu-side-by-side", "convoy");
        var cpu = (GridResult) result.experiments().get(0);
        var waits = (GridResult) result.experiments().get(1);
        assertThat(cpu.workload().kind()).isEqualTo(Workload.Kind.CPU);
        assertThat(waits.workload().kind()).isEqualTo(Workload.Kind.WAIT);
        assertThat(cpu.models()).extracting(m -> m.id()).containsExactlyElementsOf(ThreadingChapter.DEFAULT_MODELS);
        assertThat(cpu.cells()).hasSize(8);
        assertThat(cpu.conclusions()).isNotEmpty();
        assertThat(waits.conclusions()).isNotEmpty();

        var side = (SeriesResult) result.experiments().get(2);
        assertThat(side.series()).extracting(SeriesResult.Series::label).contains(Labels.GIL_SIM, Labels.FREE_SIM, "Java threads");
        boolean cpythonRan = side.series().stream().anyMatch(s -> s.label().startsWith("CPython"));
        var convoy = (TableResult) result.experiments().get(3);
        assertThat(convoy.rows()).extracting(TableResult.Row::label).startsWith(
                "GIL (simulator), I/O thread alone", "GIL (simulator), next to 1 CPU hog", "free-threaded (simulator), next to 1 CPU hog");
        if (cpythonRan) {
            assertThat(convoy.rows()).anySatisfy(r -> assertThat(r.label()).startsWith("CPython 3.").endsWith("next to 1 CPU hog"));
        } else {
            // Said once per experiment that lacks CPython's figures, never silently left out.
            assertThat(side.conclusions()).anySatisfy(c -> assertThat(c).startsWith("CPython: skipped: "));
            assertThat(convoy.conclusions()).anySatisfy(c -> assertThat(c).startsWith("CPython: skipped: "));
        }
        assertThat(convoy.conclusions()).isNotEmpty();
        assertThat(result.conclusions()).singleElement().asString().startsWith("Under the GIL, 2 CPU-bound threads ran at");
    }

    @Test
    void theUsersModelChoiceIsHonoured() throws Exception {
        var options = new ChapterOptions(ChapterOptions.Depth.QUICK, List.of(2), List.of("sequential", "gil-fifo", "virtual"), 1, 0, 2);
        ChapterResult result = new ThreadingChapter().run(options, ProgressListener.NONE);
        var cpu = (GridResult) result.experiments().getFirst();
        assertThat(cpu.models()).extracting(m -> m.id()).containsExactly("sequential", "gil-fifo", "virtual");
        assertThat(cpu.cell("gil-fifo", 2)).isPresent();
    }
}
