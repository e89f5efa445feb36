package dev.conclab.lab.experiment;

import dev.conclab.lab.measure.Stat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows of named figures: one-off measurements and side-by-side comparisons, such as a pool's
 * start-up time beside CPython's, or the latency percentiles of an I/O thread alone and next
 * to a CPU hog.
 *
 * @param kind        always "table"
 * @param id          stable id within its chapter
 * @param title       one line for people
 * @param description what was run, how often, on what
 * @param columns     the columns after the row label
 * @param rows        one per thing measured
 * @param conclusions sentences computed from the figures
 */
public record TableResult(String kind, String id, String title, String description, List<Column> columns,
                          List<Row> rows, List<String> conclusions) implements ExperimentResult {

    /**
     * A column.
     *
     * @param key   stable key, used in {@link Row#values()}
     * @param label header for people
     * @param unit  as in {@link SeriesResult#unit()}
     */
    public record Column(String key, String label, String unit) {
    }

    /**
     * A row: a label and one value per column (in column order).
     *
     * @param label  what was measured, e.g. "CPython 3.11.2 threads"
     * @param values one per column
     */
    public record Row(String label, List<Value> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /**
     * One cell: a measured figure or a text (a name, a verdict); exactly one is set. Neither
     * means "not measured".
     */
    public record Value(Stat stat, String text) {
        public static Value of(Stat stat) {
            return new Value(Objects.requireNonNull(stat), null);
        }

        public static Value of(double exactly) {
            return new Value(Stat.exactly(exactly), null);
        }

        public static Value text(String text) {
            return new Value(null, Objects.requireNonNull(text));
        }

        public static Value none() {
            return new Value(null, null);
        }
    }

    public TableResult {
        Objects.requireNonNull(id);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        conclusions = List.copyOf(conclusions);
        for (Row row : rows) {
            if (row.values().size() != columns.size()) {
                throw new IllegalArgumentException("row '" + row.label() + "' has " + row.values().size()
                        + " values for " + columns.size() + " columns");
            }
        }
    }

    public static TableResult of(String id, String title, String description, List<Column> columns, List<Row> rows) {
        return new TableResult("table", id, title, description, columns, rows, List.of());
    }

    /** The value in row {@code label}, column {@code key}. */
    public Optional<Value> value(String label, String key) {
        int column = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                column = i;
            }
        }
        if (column < 0) {
            return Optional.empty();
        }
        int index = column;
        return rows.stream().filter(r -> r.label().equals(label)).findFirst().map(r -> r.values().get(index));
    }

    @Override
    public TableResult withConclusions(List<String> more) {
        var all = new ArrayList<>(conclusions);
        all.addAll(more);
        return new TableResult(kind, id, title, description, columns, rows, all);
    }
}
