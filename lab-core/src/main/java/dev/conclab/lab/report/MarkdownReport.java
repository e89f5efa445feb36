package dev.conclab.lab.report;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;

import java.util.List;

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
                bullets(md, chapter.conclusions());
            }
        }
        return md.toString();
    }

    /** One experiment alone: heading, caption, table and conclusions. */
    public static String experiment(ExperimentResult e) {
        var md = new StringBuilder();
        experiment(md, e, false);
        return md.toString();
    }

    private static void experiment(StringBuilder md, ExperimentResult e, boolean details) {
        md.append("### ").append(e.title()).append("\n\n").append(Tables.caption(e)).append("\n\n");
        switch (e) {
            case GridResult grid -> table(md, Tables.matrix(grid));
            case SeriesResult series -> table(md, Tables.series(series));
            case TableResult table -> table(md, Tables.table(table));
        }
        bullets(md, e.conclusions());
        if (details && e instanceof GridResult grid) {
            md.append("<details><summary>Every figure</summary>\n\n");
            table(md, Tables.details(grid));
            md.append("</details>\n\n");
        }
    }

    private static void table(StringBuilder md, Tables.Table table) {
        row(md, table.header());
        md.append("|---|");
        md.append("---:|".repeat(table.header().size() - 1)).append('\n');
        table.rows().forEach(r -> row(md, r));
        if (table.limitRow() != null) {
            row(md, table.limitRow().stream().map(v -> "*" + v + "*").toList());
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static void bullets(StringBuilder md, List<String> sentences) {
        sentences.forEach(c -> md.append("- ").append(c).append('\n'));
        if (!sentences.isEmpty()) {
            md.append('\n');
        }
    }
}
