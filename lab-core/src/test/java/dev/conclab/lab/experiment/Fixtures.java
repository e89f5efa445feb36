package dev.conclab.lab.experiment;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.model.FixedPoolModel;
import dev.conclab.lab.model.SequentialModel;
import dev.conclab.lab.model.VirtualThreadsModel;
import dev.conclab.lab.report.Report;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;
import java.util.List;

/** Small real experiments and reports for tests: a few milliseconds of waits and CPU. */
public final class Fixtures {

    private static Report report;

    private Fixtures() {
    }

    public static GridResult smallWaitExperiment() throws Exception {
        return Experiment.of("sleep", "Wait-bound: sleep", Workloads.sleep(Duration.ofMillis(3)))
                .models(List.of(new SequentialModel(), new FixedPoolModel(2), new VirtualThreadsModel()))
                .sizes(1, 4)
                .warmups(0)
                .repetitions(3)
                .run(ProgressListener.NONE);
    }

    public static GridResult smallCpuExperiment() throws Exception {
        return Experiment.of("cpu", "CPU-bound: sum-of-squares", Workloads.sumOfSquares(Duration.ofMillis(2)))
                .models(List.of(new SequentialModel(), new FixedPoolModel(2)))
                .sizes(1, 2)
                .warmups(1)
                .repetitions(3)
                .run(ProgressListener.NONE);
    }

    /** A hand-made series: a measured line and a prediction. */
    public static SeriesResult series() {
        return SeriesResult.of("sweep", "Sweep", "made up for tests", "switch interval (ms)", "latency", "ns", true, false,
                List.of(1.0, 5.0), List.of(
                        new SeriesResult.Series("GIL threads", List.of(Stat.of(1e6, 0.9e6, 1.2e6), Stat.exactly(2e6)), false),
                        new SeriesResult.Series("prediction", List.of(Stat.exactly(1.5e6), Stat.exactly(2.5e6)), true)));
    }

    /** A hand-made table with a figure, a single value and a text. */
    public static TableResult table() {
        return TableResult.of("convoy", "Convoy", "made up for tests",
                List.of(new TableResult.Column("p50", "p50", "ns"), new TableResult.Column("p99", "p99", "ns"),
                        new TableResult.Column("runtime", "runtime", null)),
                List.of(new TableResult.Row("alone", List.of(TableResult.Value.of(new Stat(120_000, 100_000, 150_000)),
                                TableResult.Value.of(1_000_000), TableResult.Value.text("real CPython 3.11"))),
                        new TableResult.Row("with a hog", List.of(TableResult.Value.none(), TableResult.Value.of(9e6),
                                TableResult.Value.text("simulator")))));
    }

    /** A real report with one chapter of two experiments, made once per test JVM. */
    public static synchronized Report smallReport() throws Exception {
        if (report == null) {
            var chapter = new ChapterResult(1, "basics", "Basics", List.of(smallCpuExperiment(),
                    smallWaitExperiment().withConclusions(List.of("a computed sentence")), series(), table()),
                    List.of("chapter sentence"), 42);
            report = Report.of("lab basics --test", List.of(chapter));
        }
        return report;
    }
}
