package dev.conclab.chapters.asyncio;

import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Many tasks that only wait: {@code asyncio.gather(*(asyncio.sleep(0.1) for _ in range(n)))} on
 * the loop (one timer each), the same on virtual threads ({@code Thread.sleep}), and CPython's
 * asyncio from the peer. What is left above the 100 ms is the cost of scheduling n waits.
 */
final class SleepExperiment {

    static final String ID = "sleep";
    static final String LOOP = "loop: gather of loop.sleep";
    static final String VIRTUAL = "virtual threads: Thread.sleep";
    static final Duration WAIT = Duration.ofMillis(100);

    static final List<Column> COLUMNS = List.of(new Column("wall", "wall", "ns"), new Column("overhead", "above the wait", "ns"),
            new Column("threads", "peak threads", "count"));

    private SleepExperiment() {
    }

    static TableResult run(int tasks, int repetitions, AsyncioPeer peer) throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        var loopWall = new ArrayList<Double>();
        var loopThreads = new ArrayList<Double>();
        var virtualWall = new ArrayList<Double>();
        var virtualThreads = new ArrayList<Double>();
        for (int r = -1; r < repetitions; r++) { // r = -1: warm-up
            threads.resetPeakThreadCount();
            long started = System.nanoTime();
            try (var loop = EventLoop.create()) {
                loop.runMain(() -> {
                    var sleeps = new ArrayList<LoopFuture<Void>>(tasks);
                    for (int i = 0; i < tasks; i++) {
                        sleeps.add(loop.sleep(WAIT));
                    }
                    return Async.gather(sleeps);
                });
            }
            if (r >= 0) {
                loopWall.add((double) (System.nanoTime() - started));
                loopThreads.add((double) threads.getPeakThreadCount());
            }
            threads.resetPeakThreadCount();
            started = System.nanoTime();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < tasks; i++) {
                    executor.execute(() -> {
                        try {
                            Thread.sleep(WAIT);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            }
            if (r >= 0) {
                virtualWall.add((double) (System.nanoTime() - started));
                virtualThreads.add((double) threads.getPeakThreadCount());
            }
        }
        var rows = new ArrayList<Row>();
        rows.add(row(LOOP, loopWall, loopThreads));
        rows.add(row(VIRTUAL, virtualWall, virtualThreads));
        if (peer != null && peer.ran() && !peer.sleep().isEmpty()) {
            rows.add(row("CPython asyncio.sleep (" + peer.label().replace("aiohttp ", "").replaceFirst("^[^ ]+ on ", "") + ")",
                    peer.sleep().stream().map(s -> s * 1e9).toList(), List.of(1.0)));
        }
        return TableResult.of(ID, tasks + " tasks that each wait 100 ms",
                "Wall time of " + tasks + " concurrent waits of 100 ms, median of " + repetitions + " after a warm-up; "
                        + "the limit is one wait, 100 ms.", COLUMNS, rows);
    }

    private static Row row(String label, List<Double> walls, List<Double> peakThreads) {
        double[] wall = walls.stream().mapToDouble(Double::doubleValue).toArray();
        double[] above = walls.stream().mapToDouble(w -> w - WAIT.toNanos()).toArray();
        return new Row(label, List.of(Value.of(Stat.of(wall)), Value.of(Stat.of(above)),
                Value.of(Stat.of(peakThreads.stream().mapToDouble(Double::doubleValue).toArray()))));
    }
}
