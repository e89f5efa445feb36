package dev.conclab.lab.report;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Renders a {@link Report} as one self-contained HTML file: tables and conclusions as HTML,
 * charts drawn by Chart.js (inlined from its webjar) from chart data embedded as JSON, so the
 * page opens offline and from any folder.
 */
public final class HtmlReport {

    private static final String RESOURCES = "/dev/conclab/lab/report/";

    private HtmlReport() {
    }

    public static String render(Report report) {
        var charts = new ArrayList<ChartSpec>();
        var body = new StringBuilder();
        body.append("<h1>conclab report</h1>\n<p class=\"meta\"><code>conclab ").append(escape(report.command()))
                .append("</code> · ").append(escape(report.createdAt())).append("<br>")
                .append(escape(report.machine().summary())).append("</p>\n");
        for (ChapterResult chapter : report.chapters()) {
            body.append("<h2 id=\"ch").append(chapter.number()).append("\">").append(chapter.number()).append(". ")
                    .append(escape(chapter.title())).append("</h2>\n");
            for (ExperimentResult e : chapter.experiments()) {
                String prefix = "ch%02d-%s".formatted(chapter.number(), e.id());
                experiment(body, prefix, e, charts);
            }
            if (!chapter.conclusions().isEmpty()) {
                body.append("<p><strong>Chapter ").append(chapter.number()).append(":</strong></p>\n");
                list(body, chapter.conclusions());
            }
        }
        return template()
                .replace("{{title}}", "conclab report · " + escape(report.command()))
                .replace("{{charts}}", scriptSafe(Json.write(charts)))
                .replace("{{chartjs}}", scriptSafe(chartJs()))
                .replace("{{renderjs}}", resource("report.js"))
                .replace("{{body}}", body);
    }

    private static void experiment(StringBuilder html, String prefix, ExperimentResult e, List<ChartSpec> charts) {
        html.append("<h3>").append(escape(e.title())).append("</h3>\n<p class=\"note\">")
                .append(escape(Tables.caption(e))).append("</p>\n");
        switch (e) {
            case GridResult grid -> table(html, Tables.matrix(grid));
            case SeriesResult series -> table(html, Tables.series(series));
            case TableResult table -> table(html, Tables.table(table));
        }
        list(html, e.conclusions());

        var specs = Charts.of(prefix, e);
        charts.addAll(specs);
        html.append("<div class=\"charts\">\n");
        for (ChartSpec spec : specs) {
            boolean timeline = spec.type().equals("timeline");
            html.append("<div class=\"chart").append(timeline ? " timeline" : "").append("\"><h4>")
                    .append(escape(spec.title())).append("</h4>");
            if (timeline) {
                html.append("<select id=\"").append(spec.id()).append("-select\" aria-label=\"run\"></select>");
            }
            html.append("<div class=\"canvas-box\"><canvas id=\"").append(spec.id()).append("\"></canvas></div></div>\n");
        }
        html.append("</div>\n");
        if (e instanceof GridResult grid) {
            html.append("<details><summary>Every figure</summary>");
            table(html, Tables.details(grid));
            html.append("</details>\n");
        }
    }

    private static void table(StringBuilder html, Tables.Table table) {
        html.append("<table><thead><tr>");
        table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        table.rows().forEach(row -> row(html, row, ""));
        if (table.limitRow() != null) {
            row(html, table.limitRow(), " class=\"limit\"");
        }
        html.append("</tbody></table>\n");
    }

    private static void row(StringBuilder html, List<String> cells, String attributes) {
        html.append("<tr").append(attributes).append('>');
        cells.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
        html.append("</tr>\n");
    }

    private static void list(StringBuilder html, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        html.append("<ul class=\"conclusions\">\n");
        items.forEach(c -> html.append("<li>").append(escape(c)).append("</li>\n"));
        html.append("</ul>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Keeps text inside a script element from closing it early. */
    private static String scriptSafe(String text) {
        return text.replace("</", "<\\/");
    }

    private static String template() {
        return resource("report.html");
    }

    private static String chartJs() {
        var versions = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + "versions.properties")) {
            versions.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("versions.properties is missing from lab-core: rebuild conclab", e);
        }
        return read("/META-INF/resources/webjars/chart.js/" + versions.getProperty("chartjs.version") + "/dist/chart.umd.min.js");
    }

    private static String resource(String name) {
        return read(RESOURCES + name);
    }

    private static String read(String path) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the class path: rebuild conclab");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
