package dev.conclab.lab.measure;

/**
 * When one task ran, relative to the start of its run, and on which thread: one bar of the
 * report's timeline.
 */
public record TaskSpan(int task, String lane, long startNanos, long endNanos) {
}
