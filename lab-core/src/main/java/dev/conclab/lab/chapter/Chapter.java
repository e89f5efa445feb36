package dev.conclab.lab.chapter;

import dev.conclab.lab.experiment.ProgressListener;

import java.util.List;

/**
 * One chapter of the study plan as something to run: its experiments, measured on this
 * machine, with conclusions computed from the measurements.
 *
 * <p>Chapters are found with {@link java.util.ServiceLoader}; a module registers its chapter
 * in {@code META-INF/services/dev.conclab.lab.chapter.Chapter}. {@link Chapters} lists them.
 *
 * <p>Implementations are stateless; {@link #run} may be called more than once, but not
 * concurrently with another experiment in the same JVM (measurements are process-wide).
 */
public interface Chapter {

    /** Position in the study plan, from 1. */
    int number();

    /** Short stable name, e.g. {@code basics}; {@code conclab lab basics} runs the chapter. */
    String id();

    String title();

    /** One or two sentences: what the chapter's experiment shows. */
    String summary();

    /** The models this chapter can run, in report order; {@code --models} must name a subset. */
    List<String> models();

    /**
     * Runs the chapter's experiments.
     *
     * @param options  what the user chose (depth, sizes, models, repetitions)
     * @param progress hears about every model run
     */
    ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception;

    /**
     * An experiment of {@code result} the tour shows once more at its very end, after every
     * chapter (chapter 5's decision table); none by default.
     */
    default java.util.Optional<dev.conclab.lab.experiment.ExperimentResult> finale(ChapterResult result) {
        return java.util.Optional.empty();
    }

    /** {@code 01-basics}: number and id, as used in file names and the report. */
    default String key() {
        return "%02d-%s".formatted(number(), id());
    }
}
