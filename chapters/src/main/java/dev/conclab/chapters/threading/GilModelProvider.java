package dev.conclab.chapters.threading;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.ModelProvider;

import java.util.List;

/**
 * Offers CPython-style GIL threads and free-threaded threads to the comparisons across chapters.
 * They only behave like CPython on workloads built with {@link GilWorkloads}, which give the GIL
 * its checkpoints and release it in waits; experiments that include them use those.
 */
public final class GilModelProvider implements ModelProvider {

    @Override
    public List<Model> models(int poolSize) {
        return List.of(GilThreadsModel.byId(GilThreadsModel.GIL), GilThreadsModel.byId(GilThreadsModel.FREE_THREADED));
    }
}
