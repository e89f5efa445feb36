package dev.conclab.chapters.basics;

import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.StandardModels;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 1, basics: concurrency is not parallelism.
 *
 * <p>The same batch of tasks runs under every standard model at 1, 2, 4, 8 and 64 tasks,
 * once with CPU-bound tasks (sum of squares, and SHA-256 too in {@code conclab lab}) and once with
 * waits. CPU work can only go as fast as the cores allow, however many threads there are;
 * waits overlap as far as the model lets them, whatever the number of cores. The chapter's
 * conclusions are computed by {@link BasicsFindings} from the measured cells.
 */
public final class BasicsChapter implements Chapter {

    /** Sizes of the full and tour runs. */
    public static final List<Integer> SIZES = List.of(1, 2, 4, 8, 64);
    /** Sizes of the quick run: one task, as many as cores on most laptops, and many more. */
    public static final List<Integer> QUICK_SIZES = List.of(1, 2, 16);

    static final Duration CPU_UNIT = Duration.ofMillis(10);
    static final Duration WAIT_UNIT = Duration.ofMillis(20);
    static final Duration TOUR_WAIT_UNIT = Duration.ofMillis(10);
    static final Duration QUICK_CPU_UNIT = Duration.ofMillis(5);
    static final Duration QUICK_WAIT_UNIT = Duration.ofMillis(5);

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String id() {
        return "basics";
    }

    @Override
    public String title() {
        return "Basics: concurrency vs parallelism";
    }

    @Override
    public String summary() {
        return "CPU-bound and wait-bound tasks under every model at 1 to 64 tasks: "
                + "cores bound CPU work, concurrency bounds waits.";
    }

    @Override
    public List<String> models() {
        return StandardModels.IDS;
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        int pool = options.poolSizeOrDefault();
        List<Model> models = options.modelsOr(models()).stream().map(id -> StandardModels.byId(id, pool)).toList();
        List<Integer> sizes = options.sizesOr(options.quick() ? QUICK_SIZES : SIZES);

        var workloads = new ArrayList<Workload>();
        workloads.add(Workloads.sumOfSquares(options.quick() ? QUICK_CPU_UNIT : CPU_UNIT));
        if (options.depth() == ChapterOptions.Depth.FULL) {
            workloads.add(Workloads.sha256(CPU_UNIT));
        }
        workloads.add(Workloads.sleep(switch (options.depth()) {
            case QUICK -> QUICK_WAIT_UNIT;
            case TOUR -> TOUR_WAIT_UNIT;
            case FULL -> WAIT_UNIT;
        }));

        var experiments = new ArrayList<GridResult>();
        for (Workload workload : workloads) {
            String title = (workload.kind() == Workload.Kind.CPU ? "CPU-bound: " : "Wait-bound: ") + workload.id();
            GridResult result = Experiment.of(workload.id(), title, workload)
                    .models(models)
                    .sizes(sizes)
                    .warmups(options.warmupsOrDefault())
                    .repetitions(options.repetitionsOrDefault())
                    .run(progress);
            experiments.add(result.withConclusions(BasicsFindings.of(result)));
        }
        return new ChapterResult(number(), id(), title(), List.copyOf(experiments), BasicsFindings.chapter(experiments),
                System.nanoTime() - started);
    }
}
