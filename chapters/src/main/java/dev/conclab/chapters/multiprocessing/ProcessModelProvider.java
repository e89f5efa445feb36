package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.ModelProvider;

import java.util.List;

/** Offers the process pool to the comparisons across chapters (chapter 5's decision table). */
public final class ProcessModelProvider implements ModelProvider {

    @Override
    public List<Model> models(int poolSize) {
        return List.of(new ProcessPoolModel(poolSize));
    }
}
