package dev.conclab.lab.report;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ModelInfo;

import java.util.Optional;

/**
 * Renders a {@link Report} as Markdown: a compact matrix per experiment (for the terminal)
 * and, in the full form, a detail table with every figure (for report.md).
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** The summary printed in the terminal: matrices and conclusions. */
    public static String summary(Report report) {
        return render(report, false);
    }

    /** The whole report: summary plus one detail table per experiment. */
    public static String full(Report report) {
        return render(report, true);
    }

    private static String render(Report report, boolean details) {
        var md = new StringBuilder();
        md.append("# conclab report\n\n");
        md.append("`conclab ").append(report.command()).append("` on ").append(report.machine().summary())
                .append(", ").append(report.createdAt()).append(".\n\n");
        for (ChapterResult chapter : report.chapters()) {
            md.append("## ").append(chapter.number()).append(". ").append(chapter.title()).append("\n\n");
            for (ExperimentResult experiment : chapter.experiments()) {
                experiment(md, experiment, details);
            }
            if (!chapter.conclusions().isEmpty()) {
                md.append("**Chapter ").append(chapter.number()).append(":**\n");
                chapter.conclusions().forEach(c -> md.append("- ").append(c).append('\n'));
                md.append('\n');
            }
        }
        return md.toString();
    }

    static void experiment(StringBuilder md, ExperimentResult e, boolean details) {
        md.append("### ").append(e.title()).append("\n\n");
        md.append(e.workload().description()).append("; one unit = ").append(Format.duration(e.workload().unitNanos()))
                .append(" on this machine. Wall time, median of ").append(e.repetitions())
                .append(" runs (speedup over sequential):\n\n");
        md.append("| model |");
        e.sizes().forEach(n -> md.append(' ').append(n).append(n == 1 ? " task |" : " tasks |"));
        md.append("\n|---|");
        e.sizes().forEach(n -> md.append("---:|"));
        md.append('\n');
        for (ModelInfo model : e.models()) {
            md.append("| ").append(model.id()).append(" |");
            for (int n : e.sizes()) {
                Optional<Cell> cell = e.cell(model.id(), n);
                md.append(' ').append(cell.map(MarkdownReport::wallAndSpeedup).orElse("–")).append(" |");
            }
            md.append('\n');
        }
        md.append("| *limit (").append(e.cores()).append(" cores)* |");
        e.sizes().forEach(n -> md.append(" *").append(Format.duration(e.machineLimitNanos(n))).append("* |"));
        md.append("\n\n");
        e.conclusions().forEach(c -> md.append("- ").append(c).append('\n'));
        md.append('\n');
        if (details) {
            detailTable(md, e);
        }
    }

    private static String wallAndSpeedup(Cell cell) {
        String wall = Format.duration(cell.wallNanos().median());
        return cell.speedup() == null ? wall : wall + " (" + Format.times(cell.speedup()) + ")";
    }

    private static void detailTable(StringBuilder md, ExperimentResult e) {
        md.append("<details><summary>Every figure</summary>\n\n");
        md.append("| model | tasks | wall median (min..max) | limit | bound | efficiency | speedup | CPU use | peak threads | peak running | p50 | p99 | heap after |\n");
        md.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cell c : e.cells()) {
            md.append("| ").append(c.model())
                    .append(" | ").append(c.tasks())
                    .append(" | ").append(Format.duration(c.wallNanos().median())).append(" (")
                    .append(Format.duration(c.wallNanos().min())).append("..").append(Format.duration(c.wallNanos().max())).append(')')
                    .append(" | ").append(Format.duration(c.limitNanos()))
                    .append(" | ").append(c.limitedBy())
                    .append(" | ").append(Format.percent(c.efficiency()))
                    .append(" | ").append(c.speedup() == null ? "–" : Format.times(c.speedup()))
                    .append(" | ").append(Format.percent(c.utilisation().median()))
                    .append(" | ").append(Format.count(c.peakPlatformThreads().median()))
                    .append(" | ").append(Format.count(c.peakConcurrentTasks().median()))
                    .append(" | ").append(Format.duration(c.latencyNanos().p50().median()))
                    .append(" | ").append(Format.duration(c.latencyNanos().p99().median()))
                    .append(" | ").append(Format.bytes(c.heapUsedAfterBytes().median()))
                    .append(" |\n");
        }
        md.append("\n</details>\n\n");
    }
}
