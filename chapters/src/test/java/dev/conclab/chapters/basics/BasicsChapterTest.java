package dev.conclab.chapters.basics;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180) // deadlock guard only
class BasicsChapterTest {

    @Test
    void isRegisteredAndFoundByIdKeyOrNumber() {
        assertThat(Chapters.all()).anySatisfy(c -> assertThat(c).isInstanceOf(BasicsChapter.class));
        assertThat(Chapters.find("basics")).get().isInstanceOf(BasicsChapter.class);
        assertThat(Chapters.find("01-basics")).isPresent();
        assertThat(Chapters.find("1")).isPresent();
        assertThat(Chapters.find("99999999999")).isEmpty();
    }

    @Test
    void runsACpuAndAWaitExperimentUnderTheChosenModelsWithConclusions() throws Exception {
        var options = new ChapterOptions(ChapterOptions.Depth.QUICK, List.of(1, 4), List.of("sequential", "fixed-pool", "virtual"), 1, 0, 2);
        ChapterResult result = new BasicsChapter().run(options, ProgressListener.NONE);

        var grids = result.experiments().stream().map(GridResult.class::cast).toList();
        assertThat(grids).extracting(e -> e.workload().kind()).containsExactly(Workload.Kind.CPU, Workload.Kind.WAIT);
        for (GridResult e : grids) {
            assertThat(e.sizes()).containsExactly(1, 4);
            assertThat(e.models()).extracting(m -> m.id()).containsExactly("sequential", "fixed-pool", "virtual");
            assertThat(e.cells()).hasSize(6);
            assertThat(e.conclusions()).isNotEmpty();
            // The headline names the model that really was fastest at the largest size.
            String fastest = e.ranked(4).getFirst().model();
            assertThat(e.conclusions().getFirst()).contains(fastest);
        }
        assertThat(result.conclusions()).singleElement().asString().startsWith("CPU-bound work reached at most");
    }
}
