package dev.conclab.cli;

import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.chapter.Chapters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Run every chapter's experiment on this machine and write the report (HTML with charts, "
                + "Markdown, JSON). The full tour takes a few minutes on 2 cores; --quick about half a minute.")
final class TourCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller units and fewer sizes, for a first look.")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var chapters = Chapters.all();
        if (chapters.isEmpty()) {
            throw new IllegalStateException("no chapters on the class path: the build is incomplete, rebuild with ./conclab");
        }
        var progress = ConsoleProgress.forStandardError();
        var results = new ArrayList<ChapterResult>();
        var finales = new ArrayList<dev.conclab.lab.experiment.ExperimentResult>();
        long started = System.nanoTime();
        for (Chapter chapter : chapters) {
            err.printf(Locale.ROOT, "Chapter %d/%d: %s%n", results.size() + 1, chapters.size(), chapter.title());
            err.flush();
            ChapterResult result = chapter.run(ChapterOptions.at(quick ? ChapterOptions.Depth.QUICK : ChapterOptions.Depth.TOUR), progress);
            results.add(result);
            chapter.finale(result).ifPresent(finales::add);
        }
        err.printf(Locale.ROOT, "Tour done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        report.publish(quick ? "tour --quick" : "tour", quick ? "tour-quick" : "tour", results,
                spec.commandLine().getOut(), err);
        if (!report.json) {
            // The tour ends where the plan's comparison does: which model for which job.
            var out = spec.commandLine().getOut();
            finales.forEach(finale -> out.print("\n" + dev.conclab.lab.report.MarkdownReport.experiment(finale)));
            out.flush();
        }
        return Main.OK;
    }
}
