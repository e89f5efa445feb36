package dev.conclab.chapters.multiprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.peer.PythonPeer;

import java.time.Duration;
import java.util.List;

/**
 * The plan's own program, {@code peers/python/ch03_multiprocessing.py}: multiprocessing.Pool and
 * ProcessPoolExecutor measured with real CPython, for the rows beside Java's.
 *
 * @param label   e.g. "CPython 3.11.2", or null when skipped
 * @param json    what the peer printed, or null
 * @param skipped why it did not run, or null
 */
record CPythonMultiprocessing(String label, JsonNode json, String skipped) {

    static final String SCRIPT = "ch03_multiprocessing.py";

    static CPythonMultiprocessing run(ChapterOptions.Depth depth, int workers) {
        if (depth == ChapterOptions.Depth.QUICK) {
            return new CPythonMultiprocessing(null, null, "not run in a quick run (conclab lab multiprocessing runs it)");
        }
        var args = new java.util.ArrayList<>(List.of("--workers", String.valueOf(workers)));
        if (depth == ChapterOptions.Depth.TOUR) {
            args.add("--tour");
        }
        return of(PythonPeer.run(SCRIPT, args, List.of(), Duration.ofMinutes(5)));
    }

    static CPythonMultiprocessing of(PythonPeer.Outcome outcome) {
        return switch (outcome) {
            case PythonPeer.Ran ran -> new CPythonMultiprocessing(ran.interpreter().label(), ran.json(), null);
            case PythonPeer.Skipped s -> new CPythonMultiprocessing(null, null, s.reason());
        };
    }

    boolean ran() {
        return json != null;
    }

    /** "CPython 3.11.2 (fork)". */
    String with(String detail) {
        return label + " " + detail;
    }

    /** Per-task microseconds of Pool.map at {@code chunksize}, or NaN. */
    double poolMapMicros(int chunksize) {
        if (!ran()) {
            return Double.NaN;
        }
        for (JsonNode o : json.path("overhead")) {
            if (o.path("api").asText().equals("Pool.map") && o.path("chunksize").asInt() == chunksize) {
                return o.path("perTaskMicros").asDouble();
            }
        }
        return Double.NaN;
    }

    /** Start-up seconds of a Pool with the default start method, or NaN. */
    double defaultStartupSeconds() {
        if (!ran()) {
            return Double.NaN;
        }
        String method = json.path("defaultStartMethod").asText();
        for (JsonNode s : json.path("startup")) {
            if (s.path("method").asText().equals(method)) {
                return s.path("medianSeconds").asDouble();
            }
        }
        return Double.NaN;
    }
}
