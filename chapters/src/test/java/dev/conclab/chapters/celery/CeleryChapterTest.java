package dev.conclab.chapters.celery;

import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(300) // deadlock guard only
class CeleryChapterTest {

    @Test
    void isRegisteredAsChapterSixWithItsBenchmark() {
        assertThat(Chapters.find("celery")).isPresent();
        assertThat(Chapters.find("6")).isPresent();
        assertThat(Benchmarks.names()).contains("queue");
    }

    @Test
    void theQuickRunMeasuresMemoryAndSqliteWithinItsShare() throws Exception {
        var chapter = new CeleryChapter();
        long t0 = System.nanoTime();
        var result = chapter.run(ChapterOptions.at(ChapterOptions.Depth.QUICK), ProgressListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(result.experiments()).extracting(ExperimentResult::id).containsExactly("brokers", "celery");
        var brokers = (TableResult) result.experiments().getFirst();
        assertThat(brokers.rows()).extracting(TableResult.Row::label)
                .containsExactly("memory / virtual (8)", "memory / threads (8)", "sqlite / virtual (8)", "sqlite / threads (8)");
        assertThat(brokers.rows()).allSatisfy(r -> assertThat(r.values()).allSatisfy(v -> assertThat(v.stat()).isNotNull()));
        assertThat(brokers.conclusions()).isNotEmpty();
        assertThat(seconds).as("a generous bound on the quick share (about 5 s on 2 idle cores)").isLessThan(60);
    }

    @Test
    void theBenchmarkRunsAtSmokeSize() throws Exception {
        var result = new QueueBenchmark().run(Benchmark.Size.SMOKE, ProgressListener.NONE);
        assertThat(result.figures()).extracting(f -> f.name()).contains("drain.memory", "drain.sqlite", "rt.p50.memory", "rt.p50.sqlite");
        assertThat(result.figures()).allSatisfy(f -> assertThat(f.value()).isPositive());
    }
}
