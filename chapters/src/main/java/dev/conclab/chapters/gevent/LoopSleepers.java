package dev.conclab.chapters.gevent;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The third way to have a crowd of waiting tasks: asyncio's, on conclab's event loop. {@code n}
 * tasks each await {@code loop.sleep(d)}, as {@code asyncio.sleep} does, all on one thread.
 *
 * <p>The point of the row beside virtual threads: both keep a waiting task as a small heap
 * object rather than an OS thread; the loop's task is smaller (a future and a timer, no stack)
 * but every function on the way must be written in callback or future style, while a virtual
 * thread keeps plain blocking code.
 */
final class LoopSleepers {

    /**
     * @param heapBytesPerTask heap held per waiting task, measured after a collection while all wait
     * @param startNanos       time to create and schedule all of them
     * @param wallNanos        from the first scheduled to the last done
     * @param completed        tasks that finished exactly once
     */
    record Result(int n, Duration sleep, long startNanos, long wallNanos, long lateP50, long lateP99,
                  int completed, double heapBytesPerTask) {

        double startRate() {
            return n / (startNanos / 1e9);
        }
    }

    private LoopSleepers() {
    }

    /**
     * Schedules {@code n} sleeping tasks and runs the loop until all are done.
     *
     * @param measureHeap collect garbage and measure the heap while all wait; the collection runs
     *                    on the loop thread and makes every timer late by its length, so a run that
     *                    reports lateness leaves it out
     */
    static Result sleep(int n, Duration sleep, boolean measureHeap) {
        var runs = new AtomicIntegerArray(n);
        long[] lateness = new long[n];
        long sleepNanos = sleep.toNanos();
        long[] times = new long[3]; // started, scheduled, heap growth
        try (EventLoop loop = EventLoop.create()) {
            long heapBefore = measureHeap ? usedHeapAfterCollection() : 0;
            loop.runMain(() -> {
                times[0] = System.nanoTime();
                var tasks = new ArrayList<LoopFuture<Void>>(n);
                for (int i = 0; i < n; i++) {
                    int index = i;
                    long due = System.nanoTime() + sleepNanos;
                    tasks.add(loop.sleep(sleep).map(ignored -> {
                        lateness[index] = System.nanoTime() - due;
                        runs.incrementAndGet(index);
                        return null;
                    }));
                }
                times[1] = System.nanoTime();
                // Measured on the loop thread before it returns to its timers: every task is waiting.
                times[2] = measureHeap ? usedHeapAfterCollection() - heapBefore : 0;
                return Async.gather(tasks);
            });
            long wall = System.nanoTime() - times[0];
            var histogram = new Histogram(3);
            int completed = 0;
            for (int i = 0; i < n; i++) {
                if (runs.get(i) == 1) {
                    completed++;
                    histogram.recordValue(Math.max(0, lateness[i]));
                }
            }
            return new Result(n, sleep, times[1] - times[0], wall, histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99), completed, measureHeap ? (double) times[2] / n : Double.NaN);
        }
    }

    private static long usedHeapAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
