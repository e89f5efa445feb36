package dev.conclab.chapters.threading;

import dev.conclab.lab.model.SequentialModel;

/**
 * The names chapter 2 gives its series and rows, in one place: the chapter builds results with
 * them and {@link ThreadingFindings} finds figures by them.
 */
final class Labels {

    static final String SEQUENTIAL = new SequentialModel().id();
    static final String JAVA_THREADS = "threads";

    static final String GIL_SIM = "GIL threads (simulator)";
    static final String FREE_SIM = "free-threaded (simulator)";
    static final String CPYTHON_PREFIX = "CPython";

    /** Convoy row setups. */
    static final String GIL_SETUP = "GIL (simulator)";
    static final String FIFO_SETUP = "GIL, FIFO hand-off (simulator)";
    static final String FREE_SETUP = "free-threaded (simulator)";

    private Labels() {
    }

    /** The legend entry of a model's speedup line. */
    static String ofModel(String model) {
        return switch (model) {
            case JAVA_THREADS -> "Java threads";
            case GilThreadsModel.GIL -> GIL_SIM;
            case GilThreadsModel.GIL_FIFO -> "GIL threads, FIFO hand-off (simulator)";
            case GilThreadsModel.FREE_THREADED -> FREE_SIM;
            default -> model;
        };
    }

    /** "GIL (simulator), I/O thread alone" or "GIL (simulator), next to 1 CPU hog". */
    static String convoyRow(String setup, int hogs) {
        return setup + ", " + (hogs == 0 ? "I/O thread alone" : "next to " + hogs + " CPU hog" + (hogs == 1 ? "" : "s"));
    }

    /** Sweep latency lines: "GIL p99 (simulator)", "CPython 3.11.2 p99 (real)". */
    static String sweepLatency(String who, String percentile) {
        int paren = who.indexOf(" (");
        return paren < 0 ? who + " " + percentile : who.substring(0, paren) + " " + percentile + who.substring(paren);
    }
}
