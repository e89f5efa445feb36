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
}
