package dev.conclab.lab.chapter;

import java.util.List;

/**
 * What the user asked of a chapter run. Empty lists and null numbers mean "the chapter's default".
 *
 * @param quick       smaller units and fewer sizes, for a look in seconds
 * @param sizes       batch sizes to run, or empty for the chapter's
 * @param models      model ids to run, or empty for all of the chapter's
 * @param repetitions measured repetitions, or null for the default (3)
 * @param warmups     warm-up runs, or null for the default (1)
 * @param poolSize    threads for pools and fork/join, or null for the number of cores
 */
public record ChapterOptions(boolean quick, List<Integer> sizes, List<String> models, Integer repetitions,
                             Integer warmups, Integer poolSize) {

    public static final int DEFAULT_REPETITIONS = 3;
    public static final int DEFAULT_WARMUPS = 1;

    public ChapterOptions {
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        models = models == null ? List.of() : List.copyOf(models);
        if (repetitions != null && repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        if (warmups != null && warmups < 0) {
            throw new IllegalArgumentException("warm-ups must be >= 0, got " + warmups);
        }
        if (poolSize != null && poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, got " + poolSize);
        }
        if (sizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("sizes must be >= 1, got " + sizes);
        }
    }

    /** The defaults: full run. */
    public static ChapterOptions defaults() {
        return new ChapterOptions(false, List.of(), List.of(), null, null, null);
    }

    /** The defaults with {@code quick} set. */
    public static ChapterOptions quickly() {
        return new ChapterOptions(true, List.of(), List.of(), null, null, null);
    }

    public int repetitionsOrDefault() {
        return repetitions != null ? repetitions : DEFAULT_REPETITIONS;
    }

    public int warmupsOrDefault() {
        return warmups != null ? warmups : DEFAULT_WARMUPS;
    }

    public int poolSizeOrDefault() {
        return poolSize != null ? poolSize : Runtime.getRuntime().availableProcessors();
    }

    public List<Integer> sizesOr(List<Integer> chapterDefault) {
        return sizes.isEmpty() ? chapterDefault : sizes;
    }

    public List<String> modelsOr(List<String> chapterDefault) {
        return models.isEmpty() ? chapterDefault : models;
    }
}
