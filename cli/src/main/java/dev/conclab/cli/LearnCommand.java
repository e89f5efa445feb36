package dev.conclab.cli;

import dev.conclab.lab.Home;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.Chapters;
import dev.conclab.learn.Catalog;
import dev.conclab.learn.CheckResult;
import dev.conclab.learn.Checker;
import dev.conclab.learn.Exercise;
import dev.conclab.learn.Progress;
import dev.conclab.learn.Screens;
import dev.conclab.learn.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Exercises that fail until you make them pass, one idea each (like Rustlings). "
                + "Without a subcommand: every chapter's exercises with done (✓) and pending (·) marks.",
        subcommands = {LearnCommand.Next.class, LearnCommand.Check.class, LearnCommand.HintCommand.class,
                LearnCommand.Watch.class})
final class LearnCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var context = Context.load();
        spec.commandLine().getOut().print(context.screens.list(context.catalog, context.progress, chapterTitles()));
        return Main.OK;
    }

    private static Map<Integer, String> chapterTitles() {
        return Chapters.all().stream().collect(Collectors.toMap(Chapter::number, Chapter::title, (a, b) -> a));
    }

    /** What every learn command works with. */
    record Context(Path home, Catalog catalog, Progress progress, Screens screens) {
        static Context load() {
            Path home = Home.path();
            Progress progress;
            try {
                progress = Progress.load(Progress.defaultFile(home));
            } catch (IllegalStateException e) {
                throw new UsageException(e.getMessage());
            }
            return new Context(home, Catalog.load(home), progress, new Screens(home));
        }

        Exercise find(String name) {
            return catalog.find(name).orElseThrow(() -> new UsageException(
                    "unknown exercise '" + name + "'; valid exercises: " + catalog.names()));
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true, description = "Show the next exercise you have not done.")
    static final class Next implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var context = Context.load();
            var out = spec.commandLine().getOut();
            Screens.next(context.catalog, context.progress).ifPresentOrElse(
                    e -> out.print(context.screens.exercise(e)),
                    () -> out.println("Every exercise is done. Delete " + context.progress.file() + " to start over."));
            return Main.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compile an exercise and check its expectations; on success it is marked done.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "<exercise>", description = "Id (basics/split-sum) or number (1.1).")
        String name;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var context = Context.load();
            Exercise exercise = context.find(name);
            var out = spec.commandLine().getOut();
            out.println("Checking " + exercise.shortId() + " " + exercise.id() + " …");
            out.flush();
            CheckResult result = new Checker().check(exercise);
            out.print(context.screens.result(result));
            if (result.passed()) {
                context.progress.markDone(exercise);
                out.println(Screens.nextLine(context.catalog, context.progress));
                return Main.OK;
            }
            return Main.FAILED;
        }
    }

    @Command(name = "hint", mixinStandardHelpOptions = true, description = "Show an exercise's hints.")
    static final class HintCommand implements Callable<Integer> {
        @Parameters(paramLabel = "<exercise>", description = "Id (basics/split-sum) or number (1.1).")
        String name;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var context = Context.load();
            spec.commandLine().getOut().print(context.screens.hints(context.find(name)));
            return Main.OK;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Check an exercise (by default the next pending one) now and again on every save, until Ctrl-C.")
    static final class Watch implements Callable<Integer> {
        @Parameters(paramLabel = "<exercise>", arity = "0..1", description = "Id or number; default: the next pending one.")
        String name;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            var context = Context.load();
            Optional<Exercise> start = name == null ? Optional.empty() : Optional.of(context.find(name));
            new Watcher(context.catalog, context.progress, new Checker(), context.screens, spec.commandLine().getOut())
                    .watch(start, 0);
            return Main.OK;
        }
    }
}
