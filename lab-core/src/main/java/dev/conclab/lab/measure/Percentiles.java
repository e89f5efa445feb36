package dev.conclab.lab.measure;

/** Per-task latency percentiles, each as a {@link Stat} over repetitions, in nanoseconds. */
public record Percentiles(Stat p50, Stat p90, Stat p99, Stat max) {
}
