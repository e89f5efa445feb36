package dev.conclab.lab.report;

import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ModelInfo;

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
                .append(escape(e.workload().description())).append("; one unit = ")
                .append(Format.duration(e.workload().unitNanos())).append(" on this machine. Wall time, median of ")
                .append(e.repetitions()).append(" runs after ").append(e.warmups())
                .append(" warm-up, with the speedup over sequential.</p>\n");
        html.append("<table><thead><tr><th>model</th>");
        e.sizes().forEach(n -> html.append("<th>").append(n).append(n == 1 ? " task" : " tasks").append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (ModelInfo model : e.models()) {
            html.append("<tr><td title=\"").append(escape(model.description())).append("\">").append(escape(model.id())).append("</td>");
            for (int n : e.sizes()) {
                html.append("<td>").append(e.cell(model.id(), n).map(HtmlReport::wallAndSpeedup).orElse("–")).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr class=\"limit\"><td>limit (").append(e.cores()).append(" cores)</td>");
        e.sizes().forEach(n -> html.append("<td>").append(Format.duration(e.machineLimitNanos(n))).append("</td>"));
        html.append("</tr>\n</tbody></table>\n");
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
        details(html, e);
    }

    private static String wallAndSpeedup(Cell cell) {
        String wall = Format.duration(cell.wallNanos().median());
        return cell.speedup() == null ? wall : wall + " (" + Format.times(cell.speedup()) + ")";
    }

    private static void details(StringBuilder html, ExperimentResult e) {
        html.append("<details><summary>Every figure</summary><table><thead><tr>");
        for (String h : List.of("model", "tasks", "wall median", "min..max", "limit", "bound", "efficiency", "speedup",
                "CPU use", "peak threads", "peak running", "p50", "p90", "p99", "max", "heap after")) {
            html.append("<th>").append(h).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (Cell c : e.cells()) {
            html.append("<tr>");
            for (String v : List.of(c.model(), String.valueOf(c.tasks()), Format.duration(c.wallNanos().median()),
                    Format.duration(c.wallNanos().min()) + ".." + Format.duration(c.wallNanos().max()),
                    Format.duration(c.limitNanos()), c.limitedBy(), Format.percent(c.efficiency()),
                    c.speedup() == null ? "–" : Format.times(c.speedup()), Format.percent(c.utilisation().median()),
                    Format.count(c.peakPlatformThreads().median()), Format.count(c.peakConcurrentTasks().median()),
                    Format.duration(c.latencyNanos().p50().median()), Format.duration(c.latencyNanos().p90().median()),
                    Format.duration(c.latencyNanos().p99().median()), Format.duration(c.latencyNanos().max().median()),
                    Format.bytes(c.heapUsedAfterBytes().median()))) {
                html.append("<td>").append(escape(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></details>\n");
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
