package dev.conclab.cli;

import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.bench.Benchmarks;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.lab.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the chapters, their models, and the benchmarks.")
final class ListCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<Chapter> chapters = Chapters.all();
        List<Benchmark> benchmarks = Benchmarks.all();
        if (json) {
            out.println(Json.write(Map.of(
                    "chapters", chapters.stream().map(c -> Map.of("number", c.number(), "id", c.id(), "title", c.title(),
                            "summary", c.summary(), "models", c.models())).toList(),
                    "benchmarks", benchmarks.stream().map(b -> Map.of("id", b.id(), "description", b.description())).toList())));
            return Main.OK;
        }
        // The id column is as wide as the longest id (at least 10), so the titles line up.
        int width = Math.max(10, java.util.stream.Stream.concat(chapters.stream().map(Chapter::id), benchmarks.stream().map(Benchmark::id))
                .mapToInt(String::length).max().orElse(0));
        String id = "%-" + width + "s";
        out.println("Chapters (conclab lab <id>):");
        for (Chapter c : chapters) {
            out.printf("  %2d  " + id + " %s%n", c.number(), c.id(), c.title());
            out.printf("      " + id + " %s%n", "", c.summary());
            out.printf("      " + id + " models: %s%n", "", String.join(", ", c.models()));
        }
        out.println();
        out.println("Benchmarks (conclab bench <id>):");
        for (Benchmark b : benchmarks) {
            out.printf("      " + id + " %s%n", b.id(), b.description());
        }
        return Main.OK;
    }
}
