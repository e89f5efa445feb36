package dev.conclab.chapters.gevent;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Bound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.conclab.lab.report.Format.bytes;
import static dev.conclab.lab.report.Format.count;
import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.times;

/** Chapter 7's sentences, each computed from the rows it talks about; a figure not measured gives no sentence. */
final class GeventFindings {

    private GeventFindings() {
    }

    static OptionalDouble figure(TableResult t, String row, String column) {
        return t.value(row, column).filter(v -> v.stat() != null).map(v -> OptionalDouble.of(v.stat().median()))
                .orElse(OptionalDouble.empty());
    }

    static Optional<String> text(TableResult t, String row, String column) {
        return t.value(row, column).map(TableResult.Value::text);
    }

    /** The row with the most threads started among labels starting with {@code kind}. */
    static Optional<String> largest(TableResult t, String kind) {
        return t.rows().stream().filter(r -> r.label().startsWith(kind))
                .max(Comparator.comparingDouble(r -> figure(t, r.label(), "started").orElse(0)))
                .map(TableResult.Row::label);
    }

    static List<String> crowds(TableResult t) {
        var found = new ArrayList<String>();
        Optional<String> virtual = largest(t, "virtual");
        Optional<String> platform = largest(t, "platform");
        if (virtual.isPresent() && platform.isPresent()) {
            double v = figure(t, virtual.get(), "total").orElse(0);
            double p = figure(t, platform.get(), "total").orElse(0);
            if (v > 0 && p > 0) {
                found.add("A waiting virtual thread cost %s (%s of it heap; %s), a waiting platform thread %s (%s of it native: its stack; %s): %s as much."
                        .formatted(bytes(v), bytes(figure(t, virtual.get(), "heap").orElse(0)), virtual.get(), bytes(p),
                                bytes(figure(t, platform.get(), "native").orElse(0)), platform.get(), times(p / v)));
            }
            found.add("Virtual threads started at %s a second, platform threads at %s."
                    .formatted(count(Math.round(figure(t, virtual.get(), "rate").orElse(0))),
                            count(Math.round(figure(t, platform.get(), "rate").orElse(0)))));
        }
        Optional<String> loop = largest(t, GeventChapter.LOOP);
        if (virtual.isPresent() && loop.isPresent()) {
            double v = figure(t, virtual.get(), "total").orElse(0);
            double l = figure(t, loop.get(), "heap").orElse(0);
            if (v > 0 && l > 0) {
                found.add("A waiting task on the event loop held %s of heap (%s), a waiting virtual thread %s (%s): %s. The loop's tasks are futures and timers on one thread, so every function on the way must be written in their style; a virtual thread runs plain blocking code."
                        .formatted(bytes(l), loop.get(), bytes(v), virtual.get(),
                                l <= v ? "the loop's task is " + times(v / l) + " smaller" : "the virtual thread is " + times(l / v) + " smaller"));
            }
        }
        for (TableResult.Row row : t.rows()) {
            text(t, row.label(), "note").filter(n -> !n.equals("all started") && !n.startsWith("one thread"))
                    .ifPresent(note -> found.add(row.label() + ": " + note + "."));
            double started = figure(t, row.label(), "started").orElse(0);
            double completed = figure(t, row.label(), "completed").orElse(0);
            if (completed != started) {
                found.add("%s: only %s of %s threads ran exactly once.".formatted(row.label(), count(completed), count(started)));
            }
        }
        return found;
    }

    static List<String> sleepers(TableResult t) {
        var found = new ArrayList<String>();
        for (TableResult.Row row : t.rows()) {
            double wall = figure(t, row.label(), "wall").orElse(0);
            double sleep = figure(t, row.label(), "sleep").orElse(0);
            found.add("%s: all %s done in %s, %s more than one sleep; half woke within %s of their time, 99%% within %s."
                    .formatted(row.label(), count(figure(t, row.label(), "completed").orElse(0)), duration(wall),
                            duration(wall - sleep), duration(figure(t, row.label(), "lateP50").orElse(0)),
                            duration(figure(t, row.label(), "lateP99").orElse(0))));
        }
        return found;
    }

    static List<String> fetch(GridResult e) {
        var found = new ArrayList<String>();
        int n = e.largestSize();
        var parts = new ArrayList<String>();
        for (Cell c : e.ranked(n)) {
            String bound = c.limitedBy().equals(Bound.CONCURRENCY.label())
                    ? " (" + c.concurrency() + " at a time, limit " + duration(c.limitNanos()) + ")" : "";
            parts.add(c.model() + " " + duration(c.wallNanos().median()) + bound);
        }
        found.add("%d blocking fetches of %s each: %s. The fetch is one ordinary blocking method in every row."
                .formatted(n, duration(e.workload().unitNanos()), String.join(", ", parts)));
        var threads = e.cell("threads", n);
        var virtual = e.cell("virtual", n);
        if (threads.isPresent() && virtual.isPresent()) {
            found.add("For %d fetches, a platform thread each peaked at %s live platform threads; virtual threads at %s."
                    .formatted(n, count(threads.get().peakPlatformThreads().median()), count(virtual.get().peakPlatformThreads().median())));
        }
        return found;
    }

    static List<String> pinning(TableResult t, int carriers) {
        var found = new ArrayList<String>();
        for (TableResult.Row row : t.rows()) {
            String label = row.label();
            double wall = figure(t, label, "wall").orElse(0);
            double pins = figure(t, label, "pins").orElse(0);
            double threads = figure(t, label, "threads").orElse(0);
            double hold = figure(t, label, "hold").orElse(0);
            double ifPinned = Math.ceil(threads / carriers) * hold;
            if (pins > 0) {
                found.add("%s pins: JFR saw %s pinned waits (at %s), and the crowd took %s, near the %s that %s threads take in turns on %d carriers."
                        .formatted(capital(label), count(pins), text(t, label, "where").orElse("?"), duration(wall),
                                duration(ifPinned), count(threads), carriers));
            } else {
                found.add("%s does not pin: no pinned wait, and the crowd took %s, about one wait of %s (pinned it would take about %s)."
                        .formatted(capital(label), duration(wall), duration(hold), duration(ifPinned)));
            }
        }
        return found;
    }

    static List<String> structured(TableResult t) {
        var found = new ArrayList<String>();
        for (TableResult.Row row : t.rows()) {
            String label = row.label();
            found.add("%s: %s of %s subtasks were interrupted and %s finished their work; the scope closed %s after it."
                    .formatted(capital(label), count(figure(t, label, "interrupted").orElse(0)),
                            count(figure(t, label, "subtasks").orElse(0)), count(figure(t, label, "completed").orElse(0)),
                            duration(figure(t, label, "after").orElse(0))));
        }
        return found;
    }

    static List<String> context(TableResult t) {
        var rows = t.rows().stream().sorted(Comparator.comparingDouble(r -> figure(t, r.label(), "heap").orElse(0))).toList();
        if (rows.size() < 2) {
            return List.of();
        }
        var parts = rows.stream().map(r -> r.label() + " " + bytes(figure(t, r.label(), "heap").orElse(0))).toList();
        var found = new ArrayList<String>();
        found.add("Heap per waiting thread, least first: " + String.join("; ", parts) + ".");
        for (TableResult.Row r : rows) {
            double saw = figure(t, r.label(), "saw").orElse(0);
            double threads = figure(t, r.label(), "threads").orElse(0);
            if (saw != threads) {
                found.add("%s: only %s of %s threads saw the context.".formatted(r.label(), count(saw), count(threads)));
            }
        }
        return found;
    }

    static List<String> peer(TableResult peer, TableResult crowds) {
        if (peer.rows().isEmpty()) {
            return List.of("CPython's figures are missing: the peer was " + peer.description());
        }
        var found = new ArrayList<String>();
        var sleeping = peer.rows().stream().filter(r -> r.label().endsWith("sleep"))
                .max(Comparator.comparingDouble(r -> figure(peer, r.label(), "completed").orElse(0)));
        var virtual = largest(crowds, "virtual");
        if (sleeping.isPresent() && virtual.isPresent()) {
            OptionalDouble greenlet = figure(peer, sleeping.get().label(), "resident");
            OptionalDouble thread = figure(crowds, virtual.get(), "total");
            if (greenlet.isPresent() && thread.isPresent() && thread.getAsDouble() > 0) {
                found.add("A sleeping greenlet (%s) held %s of resident memory; a waiting virtual thread (%s) %s of heap and native memory."
                        .formatted(sleeping.get().label(), bytes(greenlet.getAsDouble()), virtual.get(), bytes(thread.getAsDouble())));
            }
        }
        for (TableResult.Row r : peer.rows()) {
            found.add("%s: %s in %s.".formatted(r.label(), count(figure(peer, r.label(), "completed").orElse(0)) + " done",
                    duration(figure(peer, r.label(), "wall").orElse(0))));
        }
        return found;
    }

    static List<String> chapter(TableResult crowds, TableResult pinning) {
        var found = new ArrayList<String>();
        Optional<String> virtual = largest(crowds, "virtual");
        if (virtual.isPresent()) {
            found.add("%s waiting virtual threads ran on %d carrier threads; the same blocking code needed no change to move onto them."
                    .formatted(count(figure(crowds, virtual.get(), "started").orElse(0)), Runtime.getRuntime().availableProcessors()));
        }
        long pinnedCases = pinning.rows().stream().filter(r -> figure(pinning, r.label(), "pins").orElse(0) > 0).count();
        found.add("%d of %d ways of blocking pinned a carrier in this JDK (%s)."
                .formatted(pinnedCases, pinning.rows().size(), Runtime.version()));
        return found;
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
