package dev.conclab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.chapter.Chapters;
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
        assertThat(run.out()).contains("tour", "lab", "list", "learn", "bench", "queue", "setup", "test", "help");
        assertThat(conclab().out()).as("no arguments shows the help too").contains("Commands:");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : new String[]{"tour", "lab", "list", "learn", "bench", "serve", "load", "queue", "setup", "test"}) {
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
        assertUsageError(conclab("travel"), "unknown command 'travel'; valid commands: tour, lab, list, learn, bench, serve, load, queue, setup, test, help");
        assertUsageError(conclab("lab", "greenlet"), "unknown chapter 'greenlet'; valid chapters: " + Chapters.names());
        assertThat(Chapters.names()).startsWith("basics (1), ");
        assertUsageError(conclab("lab", "basics", "--models", "virtual,greenlets"),
                "unknown model 'greenlets' for chapter basics; valid models: sequential, threads, fixed-pool, fork-join, virtual, completable-future");
        assertUsageError(conclab("lab", "basics", "--repeat", "0"), "repetitions must be >= 1, got 0");
        assertUsageError(conclab("bench", "warp"), "unknown benchmark 'warp'; valid benchmarks: " + Benchmarks.names());
        assertThat(Benchmarks.names()).contains("basics");
        assertUsageError(conclab("lab", "basics", "--size", "two"), null);
        assertUsageError(conclab("load", "echo", "--host", "10.1.2.3", "--max-time", "1s"),
                "the load generator only targets loopback addresses (127.0.0.0/8, ::1), not /10.1.2.3:7007");
        assertUsageError(conclab("serve", "echo", "--delay", "soon"), null);
    }

    private static void assertUsageError(Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("conclab: ");
        if (message != null) {
            assertThat(run.err().strip()).isEqualTo("conclab: " + message);
        }
    }

    @Test
    void learnOnAFreshCheckoutListsEveryExercisePendingAndShowsTheNext(@TempDir Path dir) {
        System.setProperty("conclab.progress", dir.resolve("progress.json").toString());
        try {
            Run list = conclab("learn");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("0 of ").contains("· 1.1   basics/split-sum").contains("Next: 1.1 basics/split-sum");

            Run next = conclab("learn", "next");
            assertThat(next.out()).contains("Split a sum over threads").contains("Edit: exercises/01-basics/1-split-sum/SplitSum.java");

            assertThat(conclab("learn", "hint", "basics/split-sum").out()).contains("Hints for 1.1").contains("1. ");
            assertUsageError(conclab("learn", "check", "9.9"), null);
            assertThat(conclab("learn", "check", "9.9").err()).contains("valid exercises: basics/split-sum (1.1)");

            Run check = conclab("learn", "check", "1.3");
            assertThat(check.exit()).isEqualTo(1);
            assertThat(check.out()).contains("✗ 1.3 basics/right-executor").contains("hint: ");
        } finally {
            System.clearProperty("conclab.progress");
        }
    }

    @Test
    void loadEchoMeasuresAnEchoServerOnLoopback() throws Exception {
        try (var server = dev.conclab.virtual.EchoServer.start(0, java.time.Duration.ofMillis(5))) {
            Run run = conclab("load", "echo", "--port", String.valueOf(server.port()), "--connections", "50",
                    "--requests", "4", "--max-time", "20s");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("50 connections: 200 fetches answered, 0 failed");
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
