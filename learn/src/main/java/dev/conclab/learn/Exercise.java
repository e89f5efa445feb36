package dev.conclab.learn;

import java.nio.file.Path;
import java.util.List;

/**
 * One exercise: a folder {@code exercises/NN-chapter/M-slug/} holding a README.md (its title
 * and text), the files the learner edits, and one {@code *Test.java} with the expectations.
 *
 * @param id            "chapter/slug", e.g. {@code basics/split-sum}
 * @param shortId       "chapter.position", e.g. {@code 1.1}
 * @param chapter       the chapter's number
 * @param chapterId     the chapter's id, e.g. {@code basics}
 * @param position      position within the chapter, from 1
 * @param title         the README's first heading
 * @param text          the README without its first heading and its hints
 * @param hints         the README's "Hints" bullets, in order
 * @param folder        the exercise's folder
 * @param learnerFiles  files the learner edits (every .java file but the test)
 * @param testFile      the expectations
 * @param solution      the folder with reference versions of the learner files
 */
public record Exercise(String id, String shortId, int chapter, String chapterId, int position, String title,
                       String text, List<String> hints, Path folder, List<Path> learnerFiles, Path testFile,
                       Path solution) {

    public Exercise {
        hints = List.copyOf(hints);
        learnerFiles = List.copyOf(learnerFiles);
    }

    /** Whether {@code name} is this exercise's id or short id. */
    public boolean answersTo(String name) {
        return id.equals(name) || shortId.equals(name);
    }

    /** The test class's binary name, from its package line and file name. */
    public String testClassName(String testSource) {
        var matcher = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(testSource);
        String simple = testFile.getFileName().toString().replaceFirst("\\.java$", "");
        return matcher.find() ? matcher.group(1) + "." + simple : simple;
    }
}
