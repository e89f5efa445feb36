package dev.conclab.lab.measure;

import java.util.Arrays;

/**
 * The median and range of one figure over the measured repetitions of a run.
 * For an even number of values the median is the mean of the two middle ones.
 */
public record Stat(double median, double min, double max) {

    public Stat {
        if (!(min <= median && median <= max)) {
            throw new IllegalArgumentException("need min <= median <= max, got " + min + ", " + median + ", " + max);
        }
    }

    public static Stat of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a statistic needs at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Stat(median, sorted[0], sorted[sorted.length - 1]);
    }

    public static Stat of(long... values) {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /** A single exact value. */
    public static Stat exactly(double value) {
        return new Stat(value, value, value);
    }

    /** (max - min) / median: how much the repetitions disagreed. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / median;
    }
}
