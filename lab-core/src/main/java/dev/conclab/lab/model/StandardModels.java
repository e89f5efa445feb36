package dev.conclab.lab.model;

import java.util.List;

/** The six models every chapter can use; later chapters add their own beside them. */
public final class StandardModels {

    /** Identifiers in the order reports list them. */
    public static final List<String> IDS =
            List.of("sequential", "threads", "fixed-pool", "fork-join", "virtual", "completable-future");

    private StandardModels() {
    }

    /** Registers the six standard models with {@link ModelProvider}. */
    public static final class Provider implements ModelProvider {
        @Override
        public List<Model> models(int poolSize) {
            return all(poolSize);
        }
    }

    /** All standard models; pools and fork/join get {@code poolSize} threads. */
    public static List<Model> all(int poolSize) {
        return IDS.stream().map(id -> byId(id, poolSize)).toList();
    }

    /**
     * The model called {@code id}.
     *
     * @throws IllegalArgumentException naming the valid identifiers, if {@code id} is not one
     */
    public static Model byId(String id, int poolSize) {
        return switch (id) {
            case "sequential" -> new SequentialModel();
            case "threads" -> new ThreadPerTaskModel();
            case "fixed-pool" -> new FixedPoolModel(poolSize);
            case "fork-join" -> new ForkJoinModel(poolSize);
            case "virtual" -> new VirtualThreadsModel();
            case "completable-future" -> new CompletableFutureModel(poolSize);
            default -> throw new IllegalArgumentException(
                    "unknown model '" + id + "'; valid models: " + String.join(", ", IDS));
        };
    }
}
