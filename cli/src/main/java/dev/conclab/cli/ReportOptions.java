package dev.conclab.cli;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.report.Json;
import dev.conclab.lab.report.MarkdownReport;
import dev.conclab.lab.report.Report;
import dev.conclab.lab.report.ReportWriter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The output options shared by commands that write a report: where, and in which form on stdout. */
final class ReportOptions {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for report.html, report.md and report.json (default: reports/<time>-<command>).")
    Path out;

    @Option(names = "--json", description = "Print the report as JSON on standard output instead of the summary.")
    boolean json;

    /** Writes the report files, then prints either the JSON or the summary and where the files are. */
    void publish(String command, String label, List<ChapterResult> chapters, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        Report report = Report.of(command, chapters);
        Path folder = out != null ? out
                : Path.of("reports", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + label);
        var written = ReportWriter.write(report, folder);
        if (json) {
            stdout.println(Json.write(report));
            stderr.println("Report: " + written.html().toAbsolutePath().normalize());
        } else {
            stdout.println(MarkdownReport.summary(report));
            stdout.println("Report: " + written.html().toAbsolutePath().normalize());
            stdout.println("        (also report.md and report.json in that folder)");
        }
        stdout.flush();
    }
}
