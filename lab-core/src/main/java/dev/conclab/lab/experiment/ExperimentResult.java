package dev.conclab.lab.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * What one experiment of a chapter measured, in one of three shapes, told apart in JSON by
 * {@code kind}:
 * <ul>
 *   <li>{@link GridResult} ({@code grid}): one workload under several models at several sizes;</li>
 *   <li>{@link SeriesResult} ({@code series}): figures along an x axis, one line per series
 *       (a sweep of a setting, a measured curve beside a prediction or a peer's);</li>
 *   <li>{@link TableResult} ({@code table}): rows of named figures (one-off measurements,
 *       side-by-side comparisons).</li>
 * </ul>
 * Every shape carries conclusions: sentences computed from its own figures. Implementations
 * are immutable records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = GridResult.class, name = "grid"),
        @JsonSubTypes.Type(value = SeriesResult.class, name = "series"),
        @JsonSubTypes.Type(value = TableResult.class, name = "table")})
public sealed interface ExperimentResult permits GridResult, SeriesResult, TableResult {

    /** "grid", "series" or "table". */
    String kind();

    /** Stable id within its chapter. */
    String id();

    String title();

    List<String> conclusions();

    /** A copy with {@code more} conclusions appended. */
    ExperimentResult withConclusions(List<String> more);
}
