package dev.conclab.chapters.asyncio;

import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class AsyncioChapterTest {

    @Test
    void isRegisteredAsChapterFour() {
        assertThat(Chapters.find("asyncio")).get().isInstanceOf(AsyncioChapter.class);
        assertThat(Chapters.find("4")).isPresent();
        assertThat(new AsyncioChapter().models()).containsExactly("loop", "pool-100", "pool-1000", "virtual", "send-async");
    }

    @Test
    void runsEveryExperimentAgainstARealSiteWithConclusionsAndNoFailedRequest() throws Exception {
        var options = new ChapterOptions(ChapterOptions.Depth.QUICK, List.of(60), List.of("loop", "virtual", "pool-100"), 1, 0, null);
        var result = new AsyncioChapter().run(options, ProgressListener.NONE);

        assertThat(result.experiments()).extracting(e -> e.id()).containsExactly("http", "sleep", "styles", "blocking");
        var http = (TableResult) result.experiments().getFirst();
        assertThat(http.rows()).extracting(TableResult.Row::label).contains("loop @ 60", "virtual @ 60", "pool-100 @ 60");
        for (TableResult.Row row : http.rows()) {
            assertThat(http.value(row.label(), "failed").orElseThrow().stat().median()).as(row.label()).isZero();
        }
        assertThat(http.value("pool-100 @ 60", "concurrency").orElseThrow().stat().median()).isEqualTo(60);
        assertThat(http.conclusions()).isNotEmpty();
        assertThat(result.experiments()).allSatisfy(e -> assertThat(e.conclusions()).as(e.id()).isNotEmpty());
        var styles = (TableResult) result.experiments().get(2);
        assertThat(styles.value(StylesExperiment.FUTURES, "bytes")).isEqualTo(styles.value(StylesExperiment.BLOCKING, "bytes"));
        assertThat(result.conclusions()).singleElement().asString().contains("60 requests in flight");

        boolean aiohttp = PythonPeer.interpreter().isPresent() && http.rows().stream().anyMatch(r -> r.label().startsWith("aiohttp"));
        Requirements.require(aiohttp, "CPython with aiohttp for the chapter's peer", "apt-get install python3-aiohttp");
    }
}
