package dev.conclab.cli;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a speed goal on this machine and write bench/results/<id>.json. "
                + "Benchmarks are not tests: they report figures and whether each goal was met.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<benchmark>", description = "Which benchmark (see: conclab list).")
    String id;

    @Option(names = "--smoke", description = "A seconds-long run that checks the benchmark works; its figures mean little.")
    boolean smoke;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for <id>.json (default: bench/results in the conclab folder).")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON on standard output.")
    boolean json;

    @Option(names = "--strict", description = "Exit with 1 when a goal is missed.")
    boolean strict;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (id == null) {
            throw new UsageException("name a benchmark; valid benchmarks: " + Benchmarks.names());
        }
        Benchmark benchmark = Benchmarks.find(id).orElseThrow(() -> new UsageException(
                "unknown benchmark '" + id + "'; valid benchmarks: " + Benchmarks.names()));
        BenchResult result = benchmark.run(smoke ? Benchmark.Size.SMOKE : Benchmark.Size.FULL, ConsoleProgress.forStandardError());
        Path folder = out != null ? out : Path.of(System.getProperty("conclab.home", "."), "bench", "results");
        Files.createDirectories(folder);
        Path file = folder.resolve(benchmark.id() + (smoke ? "-smoke" : "") + ".json");
        Files.writeString(file, Json.write(result));

        var stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.write(result));
        } else {
            stdout.printf(Locale.ROOT, "%s on %s%n", benchmark.id(), result.machine().summary());
            for (BenchResult.Figure f : result.figures()) {
                stdout.printf(Locale.ROOT, "  %-62s %10.4g %s%n", f.label(), f.value(), f.unit());
            }
            result.goals().forEach(g -> stdout.println("  goal " + g));
            result.notes().forEach(n -> stdout.println("  " + n));
        }
        spec.commandLine().getErr().println("Written: " + file.toAbsolutePath().normalize());
        return strict && !result.allGoalsMet() ? Main.FAILED : Main.OK;
    }
}
