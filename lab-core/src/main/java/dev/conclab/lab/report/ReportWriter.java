package dev.conclab.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report as report.json, report.md and report.html into one folder. */
public final class ReportWriter {

    /** Where the three files went. */
    public record Written(Path json, Path markdown, Path html) {
    }

    private ReportWriter() {
    }

    public static Written write(Report report, Path folder) throws IOException {
        Files.createDirectories(folder);
        var written = new Written(folder.resolve("report.json"), folder.resolve("report.md"), folder.resolve("report.html"));
        Files.writeString(written.json(), Json.write(report));
        Files.writeString(written.markdown(), MarkdownReport.full(report));
        Files.writeString(written.html(), HtmlReport.render(report));
        return written;
    }
}
