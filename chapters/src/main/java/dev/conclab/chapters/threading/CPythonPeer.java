package dev.conclab.chapters.threading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.lab.report.Json;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@code peers/python/ch02_threading.py} with real CPython and reads its figures, or says
 * why it did not run.
 *
 * @param figures what CPython measured, if it ran
 * @param skipped why it did not run ("no CPython found ..."), if it did not
 */
public record CPythonPeer(Optional<CPythonFigures> figures, String skipped) {

    public static final String SCRIPT = "ch02_threading.py";

    public CPythonPeer {
        Objects.requireNonNull(figures);
        if (figures.isEmpty() == (skipped == null)) {
            throw new IllegalArgumentException("either figures or a reason for skipping, not both");
        }
    }

    public static CPythonPeer ran(CPythonFigures figures) {
        return new CPythonPeer(Optional.of(figures), null);
    }

    public static CPythonPeer skipped(String reason) {
        return new CPythonPeer(Optional.empty(), reason);
    }

    /** Runs the peer with {@code args}; never throws for a missing or failing CPython. */
    public static CPythonPeer run(List<String> args, Duration timeout) {
        return switch (PythonPeer.run(SCRIPT, args, List.of(), timeout)) {
            case PythonPeer.Skipped s -> skipped(s.reason());
            case PythonPeer.Ran r -> read(r.interpreter().label(), r.json());
        };
    }

    static CPythonPeer read(String label, JsonNode json) {
        try {
            var figures = Json.mapper().treeToValue(json, CPythonFigures.class);
            return ran(new CPythonFigures(label, figures.python(), figures.cores(), figures.cpu(), figures.waits(),
                    figures.convoy(), figures.sweep()));
        } catch (Exception e) {
            return skipped("the peer " + SCRIPT + " printed figures of an unexpected shape: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** "skipped: no CPython found (…)": the sentence the report shows instead of CPython's figures. */
    public String skippedSentence() {
        return "CPython: skipped: " + skipped + ".";
    }
}
