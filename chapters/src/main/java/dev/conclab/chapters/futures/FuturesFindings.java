package dev.conclab.chapters.futures;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Bound;
import dev.conclab.lab.measure.Stat;

import java.util.ArrayList;
import java.util.List;

import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.number;
import static dev.conclab.lab.report.Format.percent;
import static dev.conclab.lab.report.Format.times;

/** Chapter 5's sentences, each computed from the figures it talks about. */
final class FuturesFindings {

    /** Models within this fraction of the winner's time count as tied with it. */
    static final double TIE = 0.10;

    private FuturesFindings() {
    }

    /** The reason a scenario's winner won, from the grid's cells. */
    static String why(GridResult grid) {
        int n = grid.largestSize();
        List<Cell> ranked = grid.ranked(n);
        Cell winner = ranked.getFirst();
        double best = winner.wallNanos().median();
        var tied = ranked.stream().skip(1).filter(c -> c.wallNanos().median() <= best * (1 + TIE)).map(Cell::model).toList();
        Cell slowest = ranked.getLast();
        var why = new StringBuilder();
        why.append(switch (Bound.valueOf(winner.limitedBy().toUpperCase(java.util.Locale.ROOT))) {
            case CORES -> "the cores bound it: " + winner.model() + " reached " + percent(winner.efficiency())
                    + " of the limit for " + grid.cores() + " cores";
            case WAIT -> "only the wait bounds it: " + winner.model() + " ran all " + n + " at once and took "
                    + times(best / grid.workload().unitNanos()) + " one task's time";
            case CONCURRENCY -> winner.model() + " ran " + winner.concurrency() + " at a time and reached "
                    + percent(winner.efficiency()) + " of that limit";
            case TASKS -> "too few tasks to use every core";
        });
        if (ranked.size() > 1) {
            double perTaskWinner = best / n;
            double perTaskSlowest = slowest.wallNanos().median() / n;
            if (grid.workload().unitNanos() < 100_000 && perTaskSlowest > 10 * perTaskWinner) {
                why.append("; per task, ").append(winner.model()).append(" spent ").append(duration(perTaskWinner))
                        .append(" and ").append(slowest.model()).append(' ').append(duration(perTaskSlowest))
                        .append(" on work of ").append(duration(grid.workload().unitNanos())).append(": overhead decides");
            }
            why.append(tied.isEmpty() ? "; no other model within 10%" : "; within 10%: " + String.join(", ", tied));
            why.append("; slowest ").append(slowest.model()).append(" at ").append(times(slowest.wallNanos().median() / best));
        }
        return why.toString();
    }

    /** The decision table's summary: the winners, and where they were tied. */
    static List<String> decision(TableResult table) {
        var found = new ArrayList<String>();
        for (TableResult.Row row : table.rows()) {
            String winner = row.values().get(0).text();
            Stat margin = row.values().get(3).stat();
            String verdict = margin == null ? "" : margin.median() < 0.05
                    ? " (tied with " + row.values().get(2).text() + ": " + percent(margin.median()) + " apart)"
                    : " (" + percent(margin.median()) + " ahead of " + row.values().get(2).text() + ")";
            found.add(row.label() + ": " + winner + verdict + ".");
        }
        return found;
    }

    static List<String> poolSizing(SeriesResult sizing, SeriesResult cpu, double predicted) {
        var found = new ArrayList<String>();
        double knee = PoolSizing.knee(sizing);
        double optimum = PoolSizing.measuredOptimum(sizing);
        var measured = sizing.series("measured").orElseThrow().values();
        double best = measured.stream().mapToDouble(Stat::median).max().orElse(0);
        double alone = sizing.x().getFirst() / measured.getFirst().median();
        found.add("Little's law on the measured figures, best throughput %s tasks/s x %s per task alone, puts the optimum at %s threads; cores x (1 + w / c) predicts %s: %s off."
                .formatted(number(best), duration(alone * 1e9), number(optimum), number(predicted),
                        percent(Math.abs(optimum - predicted) / predicted)));
        int nearest = 0;
        for (int i = 1; i < sizing.x().size(); i++) {
            if (Math.abs(sizing.x().get(i) - predicted) < Math.abs(sizing.x().get(nearest) - predicted)) {
                nearest = i;
            }
        }
        double atPrediction = measured.get(nearest).median() / best;
        found.add(knee > 1.25 * predicted
                ? "A pool of %s threads reached %s of the best; %s took %s threads: tasks that arrive at the cores together queue behind each other, so the last few per cent cost more threads than the prediction."
                        .formatted(number(sizing.x().get(nearest)), percent(atPrediction), percent(PoolSizing.KNEE), number(knee))
                : "A pool of %s threads reached %s of the best, and %s came at %s threads: the prediction is a good pool size."
                        .formatted(number(sizing.x().get(nearest)), percent(atPrediction), percent(PoolSizing.KNEE), number(knee)));
        int last = measured.size() - 1;
        double atLargest = measured.get(last).median();
        double largest = sizing.x().get(last);
        found.add(("With %s threads, %s times the prediction, throughput was %s of the best: "
                + (atLargest >= PoolSizing.KNEE * best ? "threads past the knee neither helped nor hurt here."
                : "too many threads cost throughput (switching, contention, memory)."))
                .formatted(number(largest), number(largest / predicted), percent(atLargest / best)));
        var cpuPerTask = cpu.series("measured").orElseThrow().values();
        int kneeIndex = sizing.x().indexOf(knee);
        if (kneeIndex >= 0) {
            found.add("CPU time per task: %s at %s threads, %s at %s."
                    .formatted(duration(cpuPerTask.get(kneeIndex).median()), number(knee),
                            duration(cpuPerTask.get(last).median()), number(largest)));
        }
        return found;
    }

    static List<String> samples(TableResult samples) {
        long holding = samples.rows().stream().filter(r -> "yes".equals(r.values().get(3).text())).count();
        return List.of("%d of %d samples behaved as documented on this JDK (%s).".formatted(holding, samples.rows().size(),
                Runtime.version()));
    }

    static List<String> peer(TableResult peer) {
        if (peer.rows().isEmpty()) {
            return List.of("CPython's figures are missing: the peer was " + peer.description());
        }
        var found = new ArrayList<String>();
        for (TableResult.Row row : peer.rows()) {
            var cells = row.values();
            Stat thread = cells.get(0).stat();
            Stat process = cells.get(1).stat();
            if (thread != null && process != null) {
                String faster = thread.median() <= process.median() ? "threads" : "processes";
                double ratio = Math.max(thread.median(), process.median()) / Math.min(thread.median(), process.median());
                found.add("%s in CPython: %s faster, by %s (ThreadPoolExecutor %s, ProcessPoolExecutor %s)."
                        .formatted(row.label(), faster, times(ratio), duration(thread.median()), duration(process.median())));
            }
        }
        return found;
    }
}
