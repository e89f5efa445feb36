package dev.conclab.lab.chapter;

import java.util.List;

/**
 * What the user asked of a chapter run. Empty lists and null numbers mean "the chapter's default".
 *
 * @param depth       how much to run: QUICK (seconds), TOUR (a share of the tour's few minutes), FULL (all of it)
 * @param sizes       batch sizes to run, or empty for the chapter's
 * @param models      model ids to run, or empty for all of the chapter's
 * @param repetitions measured repetitions, or null for the default (3)
 * @param warmups     warm-up runs, or null for the default (1)
 * @param poolSize    threads for pools and fork/join, or null for the number of cores
 */
public record ChapterOptions(Depth depth, List<Integer> sizes, List<String> models, Integer repetitions,
                             Integer warmups, Integer poolSize) {

    /**
     * How much of its experiment a chapter runs. Budgets on 2 cores: QUICK about 3 s per chapter
     * (the whole {@code tour --quick} under 30 s), TOUR about 20 s per chapter (the whole tour
     * under 3 minutes), FULL as long as the chapter needs ({@code conclab lab}).
     */
    public enum Depth {
        QUICK, TOUR, FULL
    }

    public static final int DEFAULT_REPETITIONS = 3;
    public static final int DEFAULT_WARMUPS = 1;

    public ChapterOptions {
        java.util.Objects.requireNonNull(depth, "depth");
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

    /** The chapter's own settings at {@code depth}. */
    public static ChapterOptions at(Depth depth) {
        return new ChapterOptions(depth, List.of(), List.of(), null, null, null);
    }

    public boolean quick() {
        return depth == Depth.QUICK;
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
