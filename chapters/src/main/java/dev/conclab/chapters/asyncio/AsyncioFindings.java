package dev.conclab.chapters.asyncio;

import dev.conclab.lab.experiment.TableResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.conclab.lab.report.Format.bytes;
import static dev.conclab.lab.report.Format.count;
import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.percent;
import static dev.conclab.lab.report.Format.times;

/**
 * The sentences of chapter 4, each computed from the table it talks about. A sentence whose
 * figures were not measured (a client left out with {@code --models}, a peer that did not run)
 * is left out, never guessed.
 */
final class AsyncioFindings {

    /** Throughputs within this ratio of each other count as "kept up". */
    static final double KEPT_UP = 0.7;

    private AsyncioFindings() {
    }

    static Optional<Double> figure(TableResult t, String row, String column) {
        return t.value(row, column).filter(v -> v.stat() != null).map(v -> v.stat().median());
    }

    static List<String> http(TableResult t, List<Integer> sizes, Duration latency) {
        var found = new ArrayList<String>();
        for (int n : sizes.reversed()) {
            var clients = t.rows().stream().map(TableResult.Row::label).filter(l -> l.endsWith(" @ " + n))
                    .map(l -> l.substring(0, l.length() - (" @ " + n).length())).toList();
            if (clients.isEmpty()) {
                continue;
            }
            String best = clients.stream().max(Comparator.comparingDouble(c -> figure(t, HttpLoadExperiment.label(c, n), "throughput").orElse(0.0)))
                    .orElseThrow();
            String bestRow = HttpLoadExperiment.label(best, n);
            found.add("%d requests at once, each answered after %s: the fastest was %s, %s requests/s in %s, %s of what its %s requests in flight allow."
                    .formatted(n, duration(latency.toNanos()), best, count(Math.round(figure(t, bestRow, "throughput").orElse(0.0))),
                            duration(figure(t, bestRow, "wall").orElse(0.0)), percent(figure(t, bestRow, "ofLimit").orElse(0.0)),
                            count(figure(t, bestRow, "concurrency").orElse(0.0))));
            loopAgainstVirtual(t, n).ifPresent(found::add);
            threads(t, n).ifPresent(found::add);
            poolBound(t, n, latency).ifPresent(found::add);
            memory(t, n).ifPresent(found::add);
            peer(t, n).ifPresent(found::add);
            failures(t, n, clients).ifPresent(found::add);
        }
        return found;
    }

    /** The chapter's point: plain blocking code on virtual threads against the loop. */
    private static Optional<String> loopAgainstVirtual(TableResult t, int n) {
        var loop = figure(t, HttpLoadExperiment.label("loop", n), "throughput");
        var virtual = figure(t, HttpLoadExperiment.label("virtual", n), "throughput");
        if (loop.isEmpty() || virtual.isEmpty()) {
            return Optional.empty();
        }
        double ratio = virtual.get() / loop.get();
        String verdict = ratio >= 1 / KEPT_UP ? "outpaced the loop" : ratio >= KEPT_UP ? "kept up with the loop" : "fell behind the loop";
        return Optional.of("Plain blocking code on virtual threads %s: %s requests/s against %s (%s), with no future in sight."
                .formatted(verdict, count(Math.round(virtual.get())), count(Math.round(loop.get())), times(ratio)));
    }

    private static Optional<String> threads(TableResult t, int n) {
        var parts = new ArrayList<String>();
        for (String client : List.of("loop", "virtual", "send-async", "pool-1000", "pool-100")) {
            figure(t, HttpLoadExperiment.label(client, n), "threads").ifPresent(th -> parts.add(client + " " + count(th)));
        }
        if (parts.size() < 2) {
            return Optional.empty();
        }
        return Optional.of("Peak platform threads in the JVM (its own included) while %d requests were in flight: %s. Waiting costs a thread only in the pools."
                .formatted(n, String.join(", ", parts)));
    }

    private static Optional<String> poolBound(TableResult t, int n, Duration latency) {
        String row = HttpLoadExperiment.label("pool-100", n);
        var wall = figure(t, row, "wall");
        var inFlight = figure(t, row, "concurrency");
        if (wall.isEmpty() || inFlight.isEmpty() || inFlight.get() >= n) {
            return Optional.empty();
        }
        long rounds = (long) Math.ceil(n / inFlight.get());
        double limit = (double) rounds * latency.toNanos();
        String verdict = wall.get() <= 1.5 * limit ? "Its threads, not the machine, set its pace."
                : "The machine added %s on top of that: opening connections and switching %s threads is not free.".formatted(
                duration(wall.get() - limit), count(inFlight.get()));
        return Optional.of("pool-100 could only have %s requests in flight: %d rounds of %s make at least %s, and it took %s. %s"
                .formatted(count(inFlight.get()), rounds, duration(latency.toNanos()), duration(limit), duration(wall.get()), verdict));
    }

    private static Optional<String> memory(TableResult t, int n) {
        var pool = figure(t, HttpLoadExperiment.label("pool-1000", n), "rss");
        var loop = figure(t, HttpLoadExperiment.label("loop", n), "rss");
        var virtual = figure(t, HttpLoadExperiment.label("virtual", n), "rss");
        var virtualHeap = figure(t, HttpLoadExperiment.label("virtual", n), "heap");
        if (pool.isEmpty() || (loop.isEmpty() && virtual.isEmpty())) {
            return Optional.empty();
        }
        var text = new StringBuilder("Resident memory grew by %s for pool-1000's threads".formatted(bytes(pool.get())));
        loop.ifPresent(l -> text.append(", %s for the loop".formatted(bytes(l))));
        virtual.ifPresent(v -> text.append(", %s for virtual threads".formatted(bytes(v))));
        virtualHeap.ifPresent(h -> text.append(" (whose stacks live on the heap: it peaked %s higher)".formatted(bytes(h))));
        return Optional.of(text.append('.').toString());
    }

    private static Optional<String> peer(TableResult t, int n) {
        var aiohttp = figure(t, HttpLoadExperiment.label(HttpLoadExperiment.AIOHTTP, n), "throughput");
        var loop = figure(t, HttpLoadExperiment.label("loop", n), "throughput");
        if (aiohttp.isEmpty() || loop.isEmpty()) {
            return Optional.empty();
        }
        double ratio = loop.get() / aiohttp.get();
        return Optional.of("CPython's asyncio with aiohttp did %s requests/s at %d; the Java loop %s, %s %s."
                .formatted(count(Math.round(aiohttp.get())), n, count(Math.round(loop.get())), times(ratio),
                        ratio >= 1 ? "as many" : "(slower than CPython here)"));
    }

    private static Optional<String> failures(TableResult t, int n, List<String> clients) {
        var failing = new ArrayList<String>();
        for (String client : clients) {
            figure(t, HttpLoadExperiment.label(client, n), "failed").filter(f -> f > 0)
                    .ifPresent(f -> failing.add(client + " " + count(f)));
        }
        return failing.isEmpty() ? Optional.empty()
                : Optional.of("Some requests failed at %d (%s): their figures include the failures; see the report's JSON for the first error."
                .formatted(n, String.join(", ", failing)));
    }

    static List<String> sleep(TableResult t) {
        var loop = figure(t, SleepExperiment.LOOP, "overhead");
        var virtual = figure(t, SleepExperiment.VIRTUAL, "overhead");
        if (loop.isEmpty() || virtual.isEmpty()) {
            return List.of();
        }
        var text = new StringBuilder("Above the 100 ms every task waited: the loop's timers took %s more, virtual threads %s"
                .formatted(duration(loop.get()), duration(virtual.get())));
        t.rows().stream().map(TableResult.Row::label).filter(l -> l.startsWith("CPython")).findFirst()
                .flatMap(l -> figure(t, l, "overhead")).ifPresent(p -> text.append(", CPython's asyncio %s".formatted(duration(p))));
        String cheaper = loop.get() <= virtual.get() ? "the loop" : "virtual threads";
        return List.of(text.append("; %s scheduled the waits for less.".formatted(cheaper)).toString());
    }

    static List<String> styles(TableResult t) {
        var futureLines = figure(t, StylesExperiment.FUTURES, "lines");
        var blockingLines = figure(t, StylesExperiment.BLOCKING, "lines");
        var futureWall = figure(t, StylesExperiment.FUTURES, "wall");
        var blockingWall = figure(t, StylesExperiment.BLOCKING, "wall");
        var found = new ArrayList<String>();
        if (futureWall.isPresent() && blockingWall.isPresent()) {
            double ratio = futureWall.get() / blockingWall.get();
            String verdict = ratio >= KEPT_UP && ratio <= 1 / KEPT_UP ? "about as fast as" : ratio > 1 ? "faster than" : "slower than";
            found.add("The blocking program on virtual threads ran %s the future-style one on the loop (%s against %s)."
                    .formatted(verdict, duration(blockingWall.get()), duration(futureWall.get())));
        }
        if (futureLines.isPresent() && blockingLines.isPresent()) {
            found.add("Lines of code: %s in future style, %s in blocking style. The difference that matters is not the count: every caller of the future-style fetch must itself return a future, while the blocking fetch is an ordinary function."
                    .formatted(count(futureLines.get()), count(blockingLines.get())));
        }
        var futureBytes = figure(t, StylesExperiment.FUTURES, "bytes");
        var blockingBytes = figure(t, StylesExperiment.BLOCKING, "bytes");
        if (futureBytes.isPresent() && blockingBytes.isPresent() && !futureBytes.get().equals(blockingBytes.get())) {
            found.add("The two programs disagree on the bytes fetched (%s against %s): one of them lost or repeated a page."
                    .formatted(bytes(futureBytes.get()), bytes(blockingBytes.get())));
        }
        return found;
    }

    static List<String> blocking(TableResult t) {
        var clean = figure(t, BlockingExperiment.CLEAN, "max");
        var blocked = figure(t, BlockingExperiment.BLOCKED, "max");
        if (clean.isEmpty() || blocked.isEmpty()) {
            return List.of();
        }
        var found = new ArrayList<String>();
        String effect = blocked.get() > 2 * clean.get() + 1_000_000
                ? "every other callback on the loop waited for it"
                : "the ticks barely noticed, which is unexpected: check that the call ran on the loop thread";
        found.add("One blocking call raised the worst tick lateness from %s to %s: %s. An event loop is cooperative; one callback that does not return stalls everything."
                .formatted(duration(clean.get()), duration(blocked.get()), effect));
        t.value(BlockingExperiment.BLOCKED, "reported").map(TableResult.Value::text).filter(s -> s.startsWith("BLOCKING_CALL"))
                .ifPresent(s -> found.add("Debug mode caught it while it happened: " + s.substring("BLOCKING_CALL: ".length()) + "."));
        return found;
    }

    /** Chapter-level: the loop and virtual threads against the thread pool, at the largest size measured. */
    static List<String> chapter(TableResult http, List<Integer> sizes) {
        int n = sizes.getLast();
        var loop = figure(http, HttpLoadExperiment.label("loop", n), "throughput");
        var loopThreads = figure(http, HttpLoadExperiment.label("loop", n), "threads");
        var virtual = figure(http, HttpLoadExperiment.label("virtual", n), "throughput");
        var virtualThreads = figure(http, HttpLoadExperiment.label("virtual", n), "threads");
        if (loop.isEmpty() || virtual.isEmpty() || loopThreads.isEmpty() || virtualThreads.isEmpty()) {
            return List.of();
        }
        return List.of(("With %d requests in flight, the event loop did %s requests/s on %s platform threads and blocking code on virtual threads %s on %s. "
                + "asyncio's answer (one thread, every wait a future) and Java's (a cheap thread per wait, code unchanged) both scale with the waits, not with the threads.")
                .formatted(n, count(Math.round(loop.get())), count(loopThreads.get()), count(Math.round(virtual.get())), count(virtualThreads.get())));
    }
}
