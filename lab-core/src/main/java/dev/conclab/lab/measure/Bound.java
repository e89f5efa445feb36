package dev.conclab.lab.measure;

/** What sets the best possible time of a run: the reason a model cannot go faster. */
public enum Bound {
    /** CPU work with at least as many runnable tasks as cores: more threads cannot help. */
    CORES,
    /** The model runs fewer tasks at once than there are (a pool, or one at a time). */
    CONCURRENCY,
    /** CPU work with fewer tasks than cores: some cores have nothing to do. */
    TASKS,
    /** Wait-bound work with every task waiting at once: nothing is left but the wait itself. */
    WAIT;

    /** Lower-case name used in reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
