package dev.conclab.lab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Offers a module's concurrency models to the experiments that compare every model conclab has
 * (chapter 5's "which model when" table). A module registers its provider in
 * {@code META-INF/services/dev.conclab.lab.model.ModelProvider}; lab-core registers the six
 * standard models.
 *
 * <p>Providers are stateless. Models they return are used by one experiment at a time.
 */
public interface ModelProvider {

    /** This module's models, with {@code poolSize} threads (or workers) where they have a pool. */
    List<Model> models(int poolSize);

    /** Every registered model, standard ones first, then in the order the providers are found. */
    static List<Model> all(int poolSize) {
        var models = new ArrayList<Model>();
        ServiceLoader.load(ModelProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> Boolean.compare(!(a instanceof StandardModels.Provider), !(b instanceof StandardModels.Provider)))
                .forEach(p -> models.addAll(p.models(poolSize)));
        return models;
    }
}
