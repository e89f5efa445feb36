package dev.conclab.chapters.gevent;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class GeventChapterTest {

    @Test
    void theQuickRunMeasuresEveryExperimentAndConcludesFromIt() throws Exception {
        assertThat(Chapters.find("gevent")).isPresent();
        var result = new GeventChapter().run(ChapterOptions.at(ChapterOptions.Depth.QUICK), ProgressListener.NONE);
        assertThat(result.experiments()).extracting(ExperimentResult::id)
                .containsExactly("crowds", "sleepers", "fetch", "pinning", "structured", "context", "gevent");

        var crowds = (TableResult) result.experiments().getFirst();
        assertThat(GeventFindings.figure(crowds, "virtual x 10,000", "completed")).hasValue(10_000);
        var fetch = (GridResult) result.experiments().get(2);
        assertThat(fetch.cells()).hasSize(3);
        var pinning = (TableResult) result.experiments().get(3);
        assertThat(GeventFindings.figure(pinning, "sleep in a static initialiser", "pins").orElse(0)).isPositive();
        assertThat(GeventFindings.figure(pinning, "sleep while holding a ReentrantLock", "pins")).hasValue(0);
        result.experiments().forEach(e -> assertThat(e.conclusions()).as(e.id()).isNotEmpty());
    }

    @Test
    void theGeventPeerRunsWhenCPythonAndGeventArePresent() throws Exception {
        boolean present = PythonPeer.interpreter().isPresent()
                && PythonPeer.run(GeventChapter.PEER, List.of("--socket=20", "200"), List.of("gevent=python3-gevent"),
                java.time.Duration.ofMinutes(1)) instanceof PythonPeer.Ran;
        Requirements.require(present, "python3 with gevent", "apt-get install python3-gevent");
        var outcome = (PythonPeer.Ran) PythonPeer.run(GeventChapter.PEER, List.of("--socket=20", "200"),
                List.of("gevent=python3-gevent"), java.time.Duration.ofMinutes(1));
        assertThat(outcome.json().path("results")).hasSize(2);
        assertThat(outcome.json().path("results").get(0).path("completed").asInt()).isEqualTo(200);
        assertThat(outcome.json().path("results").get(1).path("completed").asInt()).isEqualTo(20);
    }
}
