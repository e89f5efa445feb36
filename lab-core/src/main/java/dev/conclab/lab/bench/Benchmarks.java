package dev.conclab.lab.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The benchmarks on the class path, by id. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static List<Benchmark> all() {
        return ServiceLoader.load(Benchmark.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Benchmark::id)).toList();
    }

    public static Optional<Benchmark> find(String id) {
        return all().stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public static String names() {
        return String.join(", ", all().stream().map(Benchmark::id).toList());
    }
}
