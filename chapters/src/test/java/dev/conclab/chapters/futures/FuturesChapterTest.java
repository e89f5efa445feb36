package dev.conclab.chapters.futures;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.model.ModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class FuturesChapterTest {

    @Test
    void everyRegisteredModelIsOfferedAndTheStandardOnesComeFirst() {
        assertThat(ModelProvider.all(2)).extracting(m -> m.id())
                .startsWith("sequential", "threads", "fixed-pool", "fork-join", "virtual", "completable-future");
        assertThat(Chapters.find("futures")).isPresent();
    }

    @Test
    void theQuickRunEndsWithADecisionTableWhoseWinnersAreTheFastestMeasured() throws Exception {
        var options = new ChapterOptions(ChapterOptions.Depth.QUICK, List.of(), List.of("sequential", "fixed-pool", "virtual"),
                null, null, 2);
        var chapter = new FuturesChapter();
        var result = chapter.run(options, ProgressListener.NONE);
        assertThat(result.experiments()).extracting(ExperimentResult::id).contains("samples", "pool-sizing", "pool-cpu",
                "decision-cpu", "decision-wait", "decision-mixed", "decision-tiny", "cpython", "decision");
        var decision = (TableResult) chapter.finale(result).orElseThrow();
        assertThat(decision.id()).isEqualTo("decision");
        assertThat(decision.rows()).hasSize(4);
        for (ExperimentResult e : result.experiments()) {
            if (e instanceof dev.conclab.lab.experiment.GridResult grid) {
                String fastest = grid.ranked(grid.largestSize()).getFirst().model();
                assertThat(decision.rows()).anySatisfy(r -> assertThat(r.values().getFirst().text()).isEqualTo(fastest));
            }
        }
        var samples = (TableResult) result.experiments().getFirst();
        assertThat(samples.rows()).hasSize(10).allSatisfy(r -> assertThat(r.values().get(3).text()).isEqualTo("yes"));
    }
}
