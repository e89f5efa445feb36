package dev.conclab.cli;

import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.Chapters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run one chapter's experiment with your choice of sizes, models and repetitions.")
final class LabCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<chapter>", description = "Chapter id or number, e.g. basics or 1 (see: conclab list).")
    String chapter;

    @Option(names = "--size", split = ",", paramLabel = "N", description = "Batch sizes, e.g. --size 1,2,4,8,64.")
    List<Integer> sizes;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", description = "Models to run, e.g. --models sequential,virtual.")
    List<String> models;

    @Option(names = "--repeat", paramLabel = "N", description = "Measured repetitions per model and size (default 3).")
    Integer repeat;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured warm-up runs before them (default 1).")
    Integer warmup;

    @Option(names = "--pool", paramLabel = "N", description = "Threads in pools and fork/join (default: the number of cores).")
    Integer pool;

    @Option(names = "--quick", description = "The chapter's quick settings (smaller units, fewer sizes).")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Chapter found = Chapters.find(chapter).orElseThrow(() -> new UsageException(
                "unknown chapter '" + chapter + "'; valid chapters: " + Chapters.names()));
        if (models != null) {
            for (String model : models) {
                if (!found.models().contains(model)) {
                    throw new UsageException("unknown model '" + model + "' for chapter " + found.id()
                            + "; valid models: " + String.join(", ", found.models()));
                }
            }
        }
        ChapterOptions options;
        try {
            options = new ChapterOptions(quick ? ChapterOptions.Depth.QUICK : ChapterOptions.Depth.FULL,
                    sizes, models, repeat, warmup, pool);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var result = found.run(options, ConsoleProgress.forStandardError());
        var command = new ArrayList<String>(List.of("lab"));
        command.addAll(spec.commandLine().getParseResult().originalArgs().subList(1, spec.commandLine().getParseResult().originalArgs().size()));
        report.publish(String.join(" ", command), "lab-" + found.id(), List.of(result),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        return Main.OK;
    }
}
