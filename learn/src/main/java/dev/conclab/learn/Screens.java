package dev.conclab.learn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code conclab learn} shows, as text: the list, an exercise, a check's verdict, hints. */
public final class Screens {

    private final Path home;

    /** @param home the conclab folder, so paths are shown relative to it */
    public Screens(Path home) {
        this.home = home;
    }

    /** Chapters and exercises with done (✓) and pending (·) marks, then the next one. */
    public String list(Catalog catalog, Progress progress, Map<Integer, String> chapterTitles) {
        var out = new StringBuilder();
        List<Exercise> all = catalog.all();
        long done = all.stream().filter(progress::isDone).count();
        out.append("conclab learn: ").append(done).append(" of ").append(all.size()).append(" exercises done. Progress: ")
                .append(relative(progress.file())).append(" (delete it to start over).\n");
        int chapter = -1;
        int idWidth = all.stream().mapToInt(e -> e.id().length()).max().orElse(10);
        for (Exercise e : all) {
            if (e.chapter() != chapter) {
                chapter = e.chapter();
                out.append("\nChapter ").append(chapter).append(". ")
                        .append(chapterTitles.getOrDefault(chapter, e.chapterId())).append('\n');
            }
            out.append("  ").append(progress.isDone(e) ? "✓" : "·").append(' ')
                    .append(String.format("%-5s %-" + idWidth + "s  %s%n", e.shortId(), e.id(), e.title()));
        }
        out.append('\n');
        next(catalog, progress).ifPresentOrElse(
                e -> out.append("Next: ").append(e.shortId()).append(' ').append(e.id()).append(" (conclab learn next shows it)\n"),
                () -> out.append(all.isEmpty() ? "No exercises found under " + relative(home.resolve("exercises")) + ".\n"
                        : "Every exercise is done.\n"));
        return out.toString();
    }

    /** The first exercise not done, in chapter order. */
    public static Optional<Exercise> next(Catalog catalog, Progress progress) {
        return catalog.all().stream().filter(e -> !progress.isDone(e)).findFirst();
    }

    /** The line shown after a pass: the next pending exercise, or that all are done. */
    public static String nextLine(Catalog catalog, Progress progress) {
        return next(catalog, progress)
                .map(n -> "Next: " + n.shortId() + " " + n.id() + ": " + n.title() + " (conclab learn next)")
                .orElse("Every exercise is done.");
    }

    /** One exercise: title, text, the files to edit and how to check. */
    public String exercise(Exercise e) {
        var out = new StringBuilder();
        out.append(e.shortId()).append(' ').append(e.id()).append(": ").append(e.title()).append("\n\n");
        out.append(e.text()).append("\n\n");
        out.append("Edit: ");
        out.append(String.join(", ", e.learnerFiles().stream().map(this::relative).toList())).append('\n');
        out.append("The expectations: ").append(relative(e.testFile())).append('\n');
        out.append("Check: conclab learn check ").append(e.shortId())
                .append("   (or conclab learn watch: checks on every save)\n");
        if (!e.hints().isEmpty()) {
            out.append("Stuck: conclab learn hint ").append(e.shortId()).append('\n');
        }
        return out.toString();
    }

    /** A check's verdict: what holds, what does not and why, with the hints. */
    public String result(CheckResult result) {
        Exercise e = result.exercise();
        var out = new StringBuilder();
        String name = e.shortId() + " " + e.id();
        switch (result.status()) {
            case PASSED -> out.append("✓ ").append(name).append(": all ").append(result.expectations().size())
                    .append(" expectations hold.\n");
            case FAILED -> out.append("✗ ").append(name).append(": ").append(result.failures().size()).append(" of ")
                    .append(result.expectations().size()).append(" expectations do not hold yet.\n");
            case COMPILE_ERROR -> out.append("✗ ").append(name).append(": does not compile.\n");
            case TIMED_OUT, BROKEN -> out.append("✗ ").append(name).append(": ").append(result.problem()).append('\n');
        }
        result.compileErrors().stream().limit(10).forEach(error -> out.append("    ").append(error).append('\n'));
        if (result.compileErrors().size() > 10) {
            out.append("    … and ").append(result.compileErrors().size() - 10).append(" more\n");
        }
        for (CheckResult.Expectation x : result.expectations()) {
            out.append("  ").append(x.passed() ? "✓ " : "✗ ").append(x.name()).append('\n');
            if (!x.passed()) {
                if (x.message() != null) {
                    out.append("      ").append(x.message()).append('\n');
                }
                if (x.hint() != null) {
                    out.append("      hint: ").append(x.hint()).append('\n');
                }
            }
        }
        if (result.status() == CheckResult.Status.FAILED && result.problem() != null) {
            out.append("  ").append(result.problem()).append('\n');
        }
        if (!result.output().isBlank()) {
            out.append("  The checks printed:\n");
            result.output().lines().forEach(line -> out.append("    ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** The exercise's hints, numbered. */
    public String hints(Exercise e) {
        if (e.hints().isEmpty()) {
            return e.shortId() + " " + e.id() + " has no hints beyond the ones its failed checks print.\n";
        }
        var out = new StringBuilder("Hints for " + e.shortId() + " " + e.id() + ":\n");
        for (int i = 0; i < e.hints().size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(e.hints().get(i)).append('\n');
        }
        return out.toString();
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = home.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
