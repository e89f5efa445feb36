package dev.conclab.lab.experiment;

import dev.conclab.lab.model.Model;

/** What a report says about a model. */
public record ModelInfo(String id, String description) {

    public static ModelInfo of(Model model) {
        return new ModelInfo(model.id(), model.description());
    }
}
