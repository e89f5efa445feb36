package dev.conclab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.conclab.lab.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(240) // deadlock guard only
class CliTest {

    /** One CLI invocation's exit code and output. */
    record Run(int exit, String out, String err) {
    }

    static Run conclab(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommand() {
        Run run = conclab("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("tour", "lab", "list", "bench", "test", "help");
        assertThat(conclab().out()).as("no arguments shows the help too").contains("Commands:");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : new String[]{"tour", "lab", "list", "bench", "test"}) {
            Run run = conclab(command, "--help");
            assertThat(run.exit()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: conclab " + command);
        }
    }

    @Test
    void aWrongFlagGetsOneLineNamingTheValidOptionsAndExitCode2() {
        Run run = conclab("tour", "--fast");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n")
                .isEqualTo("conclab: unknown option '--fast' for 'conclab tour'; valid options: --quick, --out, --json, --help, --version");
    }

    @Test
    void anUnknownCommandChapterModelOrBenchmarkGetsOneLineAndExitCode2() {
        assertUsageError(conclab("travel"), "unknown command 'travel'; valid commands: tour, lab, list, bench, serve, test, help");
        assertUsageError(conclab("lab", "gevent"), "unknown chapter 'gevent'; valid chapters: basics (1), asyncio (4)");
        assertUsageError(conclab("lab", "basics", "--models", "virtual,greenlets"),
                "unknown model 'greenlets' for chapter basics; valid models: sequential, threads, fixed-pool, fork-join, virtual, completable-future");
        assertUsageError(conclab("lab", "basics", "--repeat", "0"), "repetitions must be >= 1, got 0");
        assertUsageError(conclab("bench", "warp"), "unknown benchmark 'warp'; valid benchmarks: basics, loop");
        assertUsageError(conclab("lab", "basics", "--size", "two"), null);
    }

    private static void assertUsageError(Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("conclab: ");
        if (message != null) {
            assertThat(run.err().strip()).isEqualTo("conclab: " + message);
        }
    }

    @Test
    void listShowsChaptersModelsAndBenchmarks() throws Exception {
        Run run = conclab("list");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("basics", "virtual", "Benchmarks");
        JsonNode json = Json.mapper().readTree(conclab("list", "--json").out());
        assertThat(json.at("/chapters/0/id").asText()).isEqualTo("basics");
        assertThat(json.at("/benchmarks/0/id").asText()).isEqualTo("basics");
    }

    @Test
    void quickTourEndToEndWritesAValidReportAndPrintsIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Run run = conclab("tour", "--quick", "--out", out.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("Chapter 1/").contains("Report: ");
        JsonNode printed = Json.mapper().readTree(run.out());
        try (InputStream schema = getClass().getResourceAsStream("/dev/conclab/lab/report/report-schema.json")) {
            var violations = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema).validate(printed);
            assertThat(violations).isEmpty();
        }
        assertThat(printed.get("command").asText()).isEqualTo("tour --quick");
        assertThat(printed.at("/chapters/0/experiments/0/conclusions/0").asText()).isNotBlank();
        assertThat(Json.mapper().readTree(Files.readString(out.resolve("report.json")))).isEqualTo(printed);
        assertThat(Files.readString(out.resolve("report.html"))).contains("conclab-charts", "<canvas");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| virtual |");
    }

    @Test
    void labRunsOneChapterWithTheChosenSettingsAndPrintsTheSummary(@TempDir Path dir) {
        Run run = conclab("lab", "1", "--size", "1,3", "--models", "sequential,virtual", "--repeat", "1", "--warmup", "0",
                "--quick", "--out", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("| sequential |", "| virtual |", "3 tasks", "Report: ")
                .doesNotContain("| threads |");
        assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void benchSmokeWritesItsResultFile(@TempDir Path dir) throws Exception {
        Run run = conclab("bench", "basics", "--smoke", "--out", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("goal cpu.speedup.2threads >= 1.9");
        JsonNode result = Json.mapper().readTree(Files.readString(dir.resolve("basics-smoke.json")));
        assertThat(result.get("schema").asText()).isEqualTo("conclab-bench/1");
        assertThat(result.get("goals")).hasSize(2);
    }
}
