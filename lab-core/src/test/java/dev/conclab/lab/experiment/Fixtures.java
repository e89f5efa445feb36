package dev.conclab.lab.experiment;

import dev.conclab.lab.chapter.ChapterResult;
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

    public static ExperimentResult smallWaitExperiment() throws Exception {
        return Experiment.of("sleep", "Wait-bound: sleep", Workloads.sleep(Duration.ofMillis(3)))
                .models(List.of(new SequentialModel(), new FixedPoolModel(2), new VirtualThreadsModel()))
                .sizes(1, 4)
                .warmups(0)
                .repetitions(3)
                .run(ProgressListener.NONE);
    }

    public static ExperimentResult smallCpuExperiment() throws Exception {
        return Experiment.of("cpu", "CPU-bound: sum-of-squares", Workloads.sumOfSquares(Duration.ofMillis(2)))
                .models(List.of(new SequentialModel(), new FixedPoolModel(2)))
                .sizes(1, 2)
                .warmups(1)
                .repetitions(3)
                .run(ProgressListener.NONE);
    }

    /** A real report with one chapter of two experiments, made once per test JVM. */
    public static synchronized Report smallReport() throws Exception {
        if (report == null) {
            var chapter = new ChapterResult(1, "basics", "Basics", List.of(smallCpuExperiment(),
                    smallWaitExperiment().withConclusions(List.of("a computed sentence"))), List.of("chapter sentence"), 42);
            report = Report.of("lab basics --test", List.of(chapter));
        }
        return report;
    }
}
