package dev.conclab.lab.report;

import java.util.List;

/**
 * The data of one chart in the HTML report, drawn there by Chart.js. Kept as data (not as
 * script) so tests can check that every chart shows exactly the measured figures.
 *
 * @param id     element id, unique in the report
 * @param type   "line", "bar" or "timeline"
 * @param title  caption
 * @param xLabel x-axis title
 * @param yLabel y-axis title
 * @param logY   logarithmic y axis
 * @param labels x categories (line and bar)
 * @param series one line or bar group per entry (line and bar)
 * @param runs   selectable runs (timeline)
 * @param shown  the run a timeline shows first (index into {@code runs})
 */
public record ChartSpec(String id, String type, String title, String xLabel, String yLabel, boolean logY,
                        List<String> labels, List<Series> series, List<TimelineRun> runs, int shown) {

    /** A line or bar chart. */
    public static ChartSpec plot(String id, String type, String title, String xLabel, String yLabel, boolean logY,
                                 List<String> labels, List<Series> series) {
        return new ChartSpec(id, type, title, xLabel, yLabel, logY, labels, series, List.of(), 0);
    }

    /**
     * One line or set of bars.
     *
     * @param label  legend entry
     * @param data   one value per label, null where there is none
     * @param dashed drawn dashed: a limit, not a measurement
     */
    public record Series(String label, List<Double> data, boolean dashed) {
    }

    /**
     * The per-task spans of one run, one lane per thread.
     *
     * @param label e.g. "threads, 8 tasks"
     * @param lanes thread names, in order of first start
     * @param spans each task's lane index and times in milliseconds since the run began
     */
    public record TimelineRun(String label, List<String> lanes, List<Span> spans) {
    }

    /** One bar of a timeline. */
    public record Span(int task, int lane, double startMillis, double endMillis) {
    }
}
