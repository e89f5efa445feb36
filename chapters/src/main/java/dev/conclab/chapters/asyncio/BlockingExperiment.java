package dev.conclab.chapters.asyncio;

import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopDiagnostic;
import dev.conclab.loop.LoopFuture;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one blocking call does to everything else on the loop: a ticker that should fire every
 * 10 ms, measured alone and with one callback that calls {@code Thread.sleep(200)} on the loop
 * thread, in debug mode, which names the call.
 */
final class BlockingExperiment {

    static final String ID = "blocking";
    static final String CLEAN = "ticks alone";
    static final String BLOCKED = "ticks + one Thread.sleep(200 ms) on the loop";
    static final Duration TICK = Duration.ofMillis(10);
    static final Duration BLOCK = Duration.ofMillis(200);

    static final List<Column> COLUMNS = List.of(new Column("p50", "tick lateness p50", "ns"), new Column("p99", "p99", "ns"),
            new Column("max", "max", "ns"), new Column("reported", "debug mode reported", ""));

    private BlockingExperiment() {
    }

    static TableResult run(int ticks) {
        return TableResult.of(ID, "Blocking the loop", "A timer that should fire every " + TICK.toMillis() + " ms, " + ticks
                        + " times, on a loop in debug mode; lateness is how long after its due time each tick ran.", COLUMNS,
                List.of(measure(CLEAN, ticks, false), measure(BLOCKED, ticks, true)));
    }

    private static Row measure(String label, int ticks, boolean block) {
        var reports = new CopyOnWriteArrayList<LoopDiagnostic>();
        long[] lateness;
        try (var loop = EventLoop.builder().name(block ? "blocked-loop" : "clean-loop").debug(true).diagnostics(reports::add).build()) {
            lateness = loop.runMain(() -> {
                if (block) {
                    loop.callLater(TICK.multipliedBy(ticks / 4), BlockingExperiment::blockTheLoop);
                }
                return tick(loop, loop.time() + TICK.toNanos(), new long[ticks], 0);
            });
        }
        String reported = reports.stream().filter(d -> d.kind() == LoopDiagnostic.Kind.BLOCKING_CALL).findFirst()
                .map(d -> "BLOCKING_CALL: " + d.message().replaceAll("; the loop has served.*", ""))
                .orElse(reports.stream().findFirst().map(d -> d.kind() + ": " + d.message()).orElse("nothing"));
        long[] sorted = lateness.clone();
        Arrays.sort(sorted);
        return new Row(label, List.of(Value.of(percentile(sorted, 50)), Value.of(percentile(sorted, 99)),
                Value.of(sorted[sorted.length - 1]), Value.text(reported)));
    }

    private static LoopFuture<long[]> tick(EventLoop loop, long due, long[] lateness, int i) {
        if (i == lateness.length) {
            return loop.completed(lateness);
        }
        var next = loop.<long[]>createFuture();
        loop.callAt(due, () -> {
            lateness[i] = loop.time() - due;
            next.complete(lateness);
        });
        return next.then(v -> tick(loop, due + TICK.toNanos(), lateness, i + 1));
    }

    /** The mistake the experiment shows: a blocking call inside a callback. */
    private static void blockTheLoop() {
        try {
            Thread.sleep(BLOCK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
