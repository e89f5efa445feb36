package dev.conclab.lab.report;

import java.util.Locale;

/** How figures are written for people: durations with a fitting unit, ratios, percentages. */
public final class Format {

    private Format() {
    }

    /** 950 ns, 12.3 µs, 4.56 ms, 1.23 s: three significant figures where it matters. */
    public static String duration(double nanos) {
        double abs = Math.abs(nanos);
        if (abs < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (abs < 1_000_000) {
            return scaled(nanos / 1_000, "µs");
        }
        if (abs < 1_000_000_000) {
            return scaled(nanos / 1_000_000, "ms");
        }
        return scaled(nanos / 1_000_000_000, "s");
    }

    private static String scaled(double value, String unit) {
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f %s" : abs >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, value, unit);
    }

    /** 1.96x */
    public static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0fx" : "%.2fx", ratio);
    }

    /** 98% (of a fraction, 0.98) */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** 1.5 MiB */
    public static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (Math.abs(bytes) >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : scaled(bytes, units[unit]);
    }

    /** A whole number, or one decimal when it has one (medians of counts can end in .5). */
    public static String count(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * A value in the unit a report declares: "ns" as a duration, "bytes" in binary units,
     * "x" as a ratio, "fraction" as a percentage, "count" as a whole number; any other unit
     * is written after the number.
     */
    public static String value(double value, String unit) {
        return switch (unit == null ? "" : unit) {
            case "ns" -> duration(value);
            case "bytes" -> bytes(value);
            case "x" -> times(value);
            case "fraction" -> percent(value);
            case "count" -> count(value);
            case "" -> number(value);
            default -> String.format(Locale.ROOT, Math.abs(value) >= 1000 ? "%.0f %s" : "%.3g %s", value, unit);
        };
    }

    /** A plain number: whole numbers as such, others with three significant figures. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A median, with its range when the repetitions differed. */
    public static String stat(dev.conclab.lab.measure.Stat stat, String unit) {
        if (stat.min() == stat.max()) {
            return value(stat.median(), unit);
        }
        return value(stat.median(), unit) + " (" + value(stat.min(), unit) + ".." + value(stat.max(), unit) + ")";
    }

    /** How charts show values of {@code unit}: a factor to multiply by and the axis unit. */
    public record Scale(double factor, String label) {
    }

    public static Scale chartScale(String unit) {
        return switch (unit == null ? "" : unit) {
            case "ns" -> new Scale(1e-6, "ms");
            case "bytes" -> new Scale(1.0 / (1024 * 1024), "MiB");
            case "fraction" -> new Scale(100, "%");
            default -> new Scale(1, unit == null ? "" : unit);
        };
    }
}
