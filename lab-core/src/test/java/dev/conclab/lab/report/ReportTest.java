package dev.conclab.lab.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.Fixtures;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void jsonMatchesItsSchemaAndReadsBackEqual() throws Exception {
        Report report = Fixtures.smallReport();
        String json = Json.write(report);
        assertThat(ReportSchema.violations(json)).isEmpty();
        // Numbers in free-form parameters may come back as a narrower type, so compare as JSON.
        assertThat(Json.write(Json.read(json, Report.class))).isEqualTo(json);
        assertThat(report.schema()).isEqualTo(Report.SCHEMA);
        assertThat(report.machine().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyKindOfExperimentReadsBackAsItself() throws Exception {
        Report back = Json.read(Json.write(Fixtures.smallReport()), Report.class);
        assertThat(back.chapters().getFirst().experiments()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("GridResult", "GridResult", "SeriesResult", "TableResult");
    }

    @Test
    void theSchemaRejectsAReportThatLostAFieldOrGainedAStrayOne() throws Exception {
        var tree = (ObjectNode) Json.mapper().readTree(Json.write(Fixtures.smallReport()));
        tree.remove("machine");
        assertThat(ReportSchema.violations(tree.toString())).anySatisfy(m -> assertThat(m).contains("machine"));

        var stray = (ObjectNode) Json.mapper().readTree(Json.write(Fixtures.smallReport()));
        var cell = (ObjectNode) stray.at("/chapters/0/experiments/0/cells/0");
        cell.put("speedupp", 2.0);
        assertThat(ReportSchema.violations(stray.toString())).anySatisfy(m -> assertThat(m).contains("speedupp"));
    }

    @Test
    void htmlIsSelfContainedAndCarriesEveryChartsData() throws Exception {
        Report report = Fixtures.smallReport();
        Document html = Jsoup.parse(HtmlReport.render(report));

        assertThat(html.select("script[src], link[href]")).as("nothing loaded from elsewhere").isEmpty();
        assertThat(html.select("script").stream().anyMatch(s -> s.data().contains("Chart.js"))).as("Chart.js inlined").isTrue();

        ChartSpec[] charts = Json.read(html.getElementById("conclab-charts").data().replace("<\\/", "</"), ChartSpec[].class);
        GridResult wait = (GridResult) report.chapters().getFirst().experiments().get(1);
        List<ChartSpec> expected = Charts.of("ch01-" + wait.id(), wait);
        assertThat(Arrays.asList(charts)).containsAll(expected);
        for (ChartSpec chart : charts) {
            assertThat(html.getElementById(chart.id())).as("canvas for " + chart.id()).isNotNull();
        }
    }

    @Test
    void chartsShowTheMeasuredFigures() throws Exception {
        GridResult wait = (GridResult) Fixtures.smallReport().chapters().getFirst().experiments().get(1);
        List<ChartSpec> charts = Charts.of("w", wait);
        ChartSpec speedup = charts.stream().filter(c -> c.id().equals("w-speedup")).findFirst().orElseThrow();
        assertThat(speedup.labels()).containsExactly("1", "4");
        ChartSpec.Series virtual = speedup.series().stream().filter(s -> s.label().equals("virtual")).findFirst().orElseThrow();
        assertThat(virtual.data()).containsExactly(wait.cell("virtual", 1).orElseThrow().speedup(),
                wait.cell("virtual", 4).orElseThrow().speedup());
        ChartSpec.Series limit = speedup.series().getLast();
        assertThat(limit.dashed()).isTrue();
        assertThat(limit.data().get(1)).isEqualTo(4.0); // 4 waits at once: 4x over one after the other

        ChartSpec timeline = charts.stream().filter(c -> c.type().equals("timeline")).findFirst().orElseThrow();
        assertThat(timeline.runs()).hasSize(wait.cells().size());
        assertThat(timeline.runs().get(timeline.shown()).label()).as("opens on a pool doing rounds").isEqualTo("fixed-pool, 4 tasks");
        Cell pool = wait.cell("fixed-pool", 4).orElseThrow();
        ChartSpec.TimelineRun run = timeline.runs().stream().filter(r -> r.label().equals("fixed-pool, 4 tasks")).findFirst().orElseThrow();
        assertThat(run.spans()).hasSize(4);
        assertThat(run.lanes()).hasSameSizeAs(pool.timeline().stream().map(s -> s.lane()).distinct().toList());
    }

    @Test
    void seriesAndTableExperimentsRenderTheirFiguresInEveryFormat() throws Exception {
        Report report = Fixtures.smallReport();
        String md = MarkdownReport.full(report);
        assertThat(md).contains("| switch interval (ms) | GIL threads | prediction |")
                .contains("| 5 | 2.00 ms | 2.50 ms |")
                .contains("|  | p50 | p99 | runtime |").contains("| alone | 120 µs (100 µs..150 µs) | 1.00 ms | real CPython 3.11 |");
        Document html = Jsoup.parse(HtmlReport.render(report));
        ChartSpec[] charts = Json.read(html.getElementById("conclab-charts").data().replace("<\\/", "</"), ChartSpec[].class);
        ChartSpec sweep = Arrays.stream(charts).filter(c -> c.id().equals("ch01-sweep-series")).findFirst().orElseThrow();
        assertThat(sweep.yLabel()).isEqualTo("latency (ms)");
        assertThat(sweep.series().get(0).data()).containsExactly(1.0, 2.0);
        assertThat(sweep.series().get(1).dashed()).isTrue();
        assertThat(html.select("table").text()).contains("real CPython 3.11");
    }

    @Test
    void markdownHasARowPerModelTheLimitRowAndTheConclusions() throws Exception {
        Report report = Fixtures.smallReport();
        String md = MarkdownReport.summary(report);
        assertThat(md).contains("| sequential |", "| fixed-pool |", "| virtual |", "| *limit (")
                .contains("- a computed sentence").contains("- chapter sentence");
        assertThat(MarkdownReport.full(report)).contains("Every figure").contains("| bound |");
    }

    @Test
    void writesTheThreeFiles(@TempDir Path dir) throws Exception {
        var written = ReportWriter.write(Fixtures.smallReport(), dir.resolve("out"));
        assertThat(written.json()).exists();
        assertThat(written.markdown()).exists();
        assertThat(Files.readString(written.html())).startsWith("<!DOCTYPE html>");
        assertThat(ReportSchema.violations(Files.readString(written.json()))).isEmpty();
    }

    @Test
    void formatsFiguresForPeople() {
        assertThat(Format.duration(950)).isEqualTo("950 ns");
        assertThat(Format.duration(12_345)).isEqualTo("12.3 µs");
        assertThat(Format.duration(4_567_000)).isEqualTo("4.57 ms");
        assertThat(Format.duration(1_230_000_000)).isEqualTo("1.23 s");
        assertThat(Format.times(1.956)).isEqualTo("1.96x");
        assertThat(Format.percent(0.984)).isEqualTo("98%");
        assertThat(Format.bytes(1536)).isEqualTo("1.50 KiB");
        assertThat(Format.count(2.5)).isEqualTo("2.5");
        assertThat(Format.number(5.0)).isEqualTo("5");
        assertThat(Format.number(0.1)).isEqualTo("0.1");
        assertThat(Format.number(1234.5678)).isEqualTo("1230");
        assertThat(Format.value(0.25, "fraction")).isEqualTo("25%");
        assertThat(Format.value(12.5, "req/s")).isEqualTo("12.5 req/s");
    }
}
