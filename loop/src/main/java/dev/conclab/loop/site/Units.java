package dev.conclab.loop.site;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations and sizes people type: {@code 50ms}, {@code 1.5s}, {@code 250us},
 * {@code 0}; {@code 1KB}, {@code 16KiB}, {@code 2MB}, {@code 512} (bytes). KB and KiB both mean
 * 1,024 bytes (as in JVM flags), MB and MiB 1,048,576.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib)?");

    private Units() {
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 50ms, 1.5s, 250us or 0");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? (value == 0 ? "ms" : "") : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> throw new IllegalArgumentException("'" + text + "' has no unit; write e.g. 50ms or 1s");
        };
        return Duration.ofNanos(Math.round(value * nanosPerUnit));
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512, 1KB, 16KiB or 2MB");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "b" -> 1;
            case "k", "kb", "kib" -> 1024;
            default -> 1024 * 1024;
        };
        return Math.round(value * factor);
    }

    /** 50ms, 1.5s, 0: the short form {@link #duration} reads back. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        if (nanos % 1_000_000_000 == 0) {
            return nanos / 1_000_000_000 + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        if (nanos % 1_000 == 0) {
            return nanos / 1_000 + "us";
        }
        return nanos + "ns";
    }
}
