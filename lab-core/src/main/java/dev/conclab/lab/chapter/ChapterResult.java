package dev.conclab.lab.chapter;

import dev.conclab.lab.experiment.ExperimentResult;

import java.util.List;

/**
 * What a chapter run measured.
 *
 * @param number       position in the plan
 * @param id           short name
 * @param title        title
 * @param experiments  its experiments' results
 * @param conclusions  chapter-level sentences computed from the experiments
 * @param elapsedNanos how long the chapter took to run, calibration included
 */
public record ChapterResult(int number, String id, String title, List<ExperimentResult> experiments,
                            List<String> conclusions, long elapsedNanos) {

    public ChapterResult {
        experiments = List.copyOf(experiments);
        conclusions = List.copyOf(conclusions);
    }
}
