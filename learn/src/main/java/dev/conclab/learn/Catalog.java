package dev.conclab.learn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exercises found under {@code <home>/exercises}, in chapter and position order, with their
 * reference solutions under {@code <home>/learn/solutions} (same relative folders).
 *
 * <p>Folder names carry the order: {@code 01-basics/2-lost-update} is exercise 1.2, id
 * {@code basics/lost-update}. Immutable once loaded.
 */
public final class Catalog {

    private static final Pattern CHAPTER = Pattern.compile("(\\d+)-([a-z0-9-]+)");
    private static final Pattern EXERCISE = Pattern.compile("(\\d+)-([a-z0-9-]+)");

    private final List<Exercise> exercises;

    private Catalog(List<Exercise> exercises) {
        this.exercises = List.copyOf(exercises);
    }

    /** Loads the exercises of the conclab folder {@code home}. */
    public static Catalog load(Path home) {
        Path root = home.resolve("exercises");
        Path solutions = home.resolve("learn").resolve("solutions");
        var found = new ArrayList<Exercise>();
        for (Path chapterDir : folders(root)) {
            Matcher chapter = CHAPTER.matcher(chapterDir.getFileName().toString());
            if (!chapter.matches()) {
                continue;
            }
            for (Path dir : folders(chapterDir)) {
                Matcher exercise = EXERCISE.matcher(dir.getFileName().toString());
                if (exercise.matches()) {
                    found.add(read(dir, Integer.parseInt(chapter.group(1)), chapter.group(2),
                            Integer.parseInt(exercise.group(1)), exercise.group(2),
                            solutions.resolve(chapterDir.getFileName()).resolve(dir.getFileName())));
                }
            }
        }
        found.sort(Comparator.comparingInt(Exercise::chapter).thenComparingInt(Exercise::position));
        return new Catalog(found);
    }

    public List<Exercise> all() {
        return exercises;
    }

    /** By id ({@code basics/split-sum}) or short id ({@code 1.1}). */
    public Optional<Exercise> find(String name) {
        return exercises.stream().filter(e -> e.answersTo(name.trim())).findFirst();
    }

    /** "basics/split-sum (1.1), …": for error messages. */
    public String names() {
        return String.join(", ", exercises.stream().map(e -> e.id() + " (" + e.shortId() + ")").toList());
    }

    private static Exercise read(Path dir, int chapter, String chapterId, int position, String slug, Path solution) {
        Path readme = dir.resolve("README.md");
        String markdown = Files.isRegularFile(readme) ? readString(readme) : "# " + slug + "\n";
        List<Path> java = files(dir).stream().filter(p -> p.toString().endsWith(".java")).toList();
        List<Path> tests = java.stream().filter(p -> p.getFileName().toString().endsWith("Test.java")).toList();
        if (tests.size() != 1) {
            throw new IllegalStateException(dir + " must hold exactly one *Test.java, found " + tests.size());
        }
        var learner = java.stream().filter(p -> !tests.contains(p)).toList();
        return new Exercise(chapterId + "/" + slug, chapter + "." + position, chapter, chapterId, position,
                title(markdown, slug), body(markdown), hints(markdown), dir, learner, tests.getFirst(), solution);
    }

    static String title(String markdown, String fallback) {
        return markdown.lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2).trim()).findFirst().orElse(fallback);
    }

    /** The README without its title and its "## Hints" section. */
    static String body(String markdown) {
        var out = new StringBuilder();
        boolean inHints = false;
        boolean titleSeen = false;
        for (String line : markdown.lines().toList()) {
            if (!titleSeen && line.startsWith("# ")) {
                titleSeen = true;
                continue;
            }
            if (line.startsWith("## ")) {
                inHints = line.substring(3).trim().equalsIgnoreCase("hints");
                if (inHints) {
                    continue;
                }
            }
            if (!inHints) {
                out.append(line).append('\n');
            }
        }
        return out.toString().strip();
    }

    static List<String> hints(String markdown) {
        var hints = new ArrayList<String>();
        boolean inHints = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("## ")) {
                inHints = line.substring(3).trim().equalsIgnoreCase("hints");
            } else if (inHints && line.startsWith("- ")) {
                hints.add(line.substring(2).trim());
            } else if (inHints && !hints.isEmpty() && line.startsWith("  ") && !line.isBlank()) {
                hints.set(hints.size() - 1, hints.getLast() + " " + line.trim());
            }
        }
        return hints;
    }

    private static List<Path> folders(Path dir) {
        return files(dir).stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
