package dev.conclab.lab.report;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.measure.Machine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Everything one {@code conclab tour} or {@code conclab lab} run measured. Serialised as
 * JSON following {@code report-schema.json} (see docs/report.md), and rendered as Markdown and HTML.
 *
 * @param schema    {@value #SCHEMA}; bumped when a field changes meaning or disappears
 * @param createdAt when the run finished, ISO-8601 UTC
 * @param command   the command line that produced it, e.g. "tour --quick"
 * @param machine   what it ran on
 * @param chapters  the chapters run, in plan order
 */
public record Report(String schema, String createdAt, String command, Machine machine, List<ChapterResult> chapters) {

    public static final String SCHEMA = "conclab-report/1";

    public Report {
        chapters = List.copyOf(chapters);
    }

    /** A report made now on this machine. */
    public static Report of(String command, List<ChapterResult> chapters) {
        return new Report(SCHEMA, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command,
                Machine.current(), chapters);
    }
}
