package dev.conclab.chapters.futures;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.model.ModelProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code conclab bench futures}: the four-scenario decision table over every model, and the
 * pool-sizing goal: the measured knee of throughput against pool size lies within 25 % of
 * Little's prediction, {@code cores x (1 + w / c)}.
 */
public final class FuturesBenchmark implements Benchmark {

    @Override
    public String id() {
        return "futures";
    }

    @Override
    public String description() {
        return "the which-model-when table over every model; pool-sizing knee against Little's law";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int cores = Runtime.getRuntime().availableProcessors();
        var plan = FuturesChapter.poolPlan(full ? ChapterOptions.Depth.FULL : ChapterOptions.Depth.QUICK);
        List<SeriesResult> sizing = PoolSizing.run(plan, cores, progress);
        double predicted = PoolSizing.predictedOptimum(sizing, plan, cores);
        double knee = PoolSizing.knee(sizing.getFirst());
        double optimum = PoolSizing.measuredOptimum(sizing.getFirst());
        var figures = new ArrayList<Figure>();
        var kneeFigure = new Figure("pool.knee", "smallest pool within 95% of the best throughput", "threads", knee, null);
        var predictedFigure = new Figure("pool.predicted", "Little's law: cores x (1 + w / c), c measured with a pool of one", "threads", predicted, null);
        var optimumFigure = new Figure("pool.optimum", "Little's law on measured figures: best throughput x one task's time alone", "threads", optimum, null);
        var offFigure = new Figure("pool.off", "|measured optimum - prediction| / prediction", "fraction", Math.abs(optimum - predicted) / predicted, null);
        figures.add(optimumFigure);
        figures.add(kneeFigure);
        figures.add(predictedFigure);
        figures.add(offFigure);

        var scenarios = DecisionTable.scenarios(full ? ChapterOptions.Depth.TOUR : ChapterOptions.Depth.QUICK);
        List<GridResult> grids = DecisionTable.measure(scenarios, ModelProvider.all(cores), 1, full ? 5 : 3, progress);
        TableResult table = DecisionTable.table(scenarios, grids);
        for (int i = 0; i < grids.size(); i++) {
            GridResult grid = grids.get(i);
            for (var cell : grid.ranked(grid.largestSize())) {
                figures.add(new Figure("decision." + scenarios.get(i).id() + "." + cell.model(),
                        scenarios.get(i).title() + ", " + cell.model(), "s", cell.wallNanos().median() / 1e9,
                        new dev.conclab.lab.measure.Stat(cell.wallNanos().median() / 1e9, cell.wallNanos().min() / 1e9,
                                cell.wallNanos().max() / 1e9)));
            }
        }
        var notes = new ArrayList<String>(FuturesFindings.decision(table));
        notes.addAll(sizing.getFirst().conclusions());
        return BenchResult.of(id(), size, figures, List.of(Goal.atMost(offFigure, 0.25)), notes);
    }
}
