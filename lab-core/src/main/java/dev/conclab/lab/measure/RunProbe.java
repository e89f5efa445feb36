package dev.conclab.lab.measure;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.WorkloadTask;
import dev.conclab.lab.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a workload as the {@link Model.Task} of one run and records, per task, how often it
 * ran, when it started and ended and on which thread, and how many tasks were running at
 * once. Recording costs two {@code nanoTime} calls and three atomic updates per task,
 * negligible against units of a millisecond or more.
 *
 * <p>Each task index is recorded by the thread that runs it; the model's happens-before
 * guarantee makes the records visible to the thread that reads them after the run.
 */
public final class RunProbe implements WorkloadTask {

    private final Workload workload;
    private final AtomicIntegerArray calls;
    private final long[] start;
    private final long[] end;
    private final String[] lane;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peakRunning = new AtomicInteger();
    private final AtomicLong cpuElsewhere = new AtomicLong();
    private volatile boolean elsewhere;
    private volatile long origin;

    public RunProbe(Workload workload, int tasks) {
        this.workload = workload;
        this.calls = new AtomicIntegerArray(tasks);
        this.start = new long[tasks];
        this.end = new long[tasks];
        this.lane = new String[tasks];
    }

    /** Marks the start of the run; task times are relative to it. */
    public void begin() {
        origin = System.nanoTime();
    }

    @Override
    public long call(int index) throws Exception {
        calls.incrementAndGet(index);
        int now = running.incrementAndGet();
        peakRunning.accumulateAndGet(now, Math::max);
        start[index] = System.nanoTime();
        try {
            return workload.runUnit(index);
        } finally {
            end[index] = System.nanoTime();
            lane[index] = laneOf(Thread.currentThread());
            running.decrementAndGet();
        }
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public void ranElsewhere(int index, long startNanos, long endNanos, String lane) {
        calls.incrementAndGet(index);
        start[index] = startNanos;
        end[index] = Math.max(startNanos, endNanos);
        this.lane[index] = lane;
        elsewhere = true;
    }

    @Override
    public void addCpuElsewhere(long nanos) {
        cpuElsewhere.addAndGet(nanos);
    }

    /** CPU time that other processes reported spending on this run. */
    public long cpuElsewhere() {
        return cpuElsewhere.get();
    }

    /**
     * The most tasks that were inside {@link #call} at the same instant; for units that ran
     * elsewhere, the most whose recorded spans overlapped.
     */
    public int peakRunning() {
        return elsewhere ? Math.max(peakRunning.get(), peakOverlap()) : peakRunning.get();
    }

    private int peakOverlap() {
        long[][] events = new long[end.length * 2][];
        int n = 0;
        for (int i = 0; i < end.length; i++) {
            if (lane[i] != null) {
                events[n++] = new long[]{start[i], 1};
                events[n++] = new long[]{end[i], -1};
            }
        }
        java.util.Arrays.sort(events, 0, n, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (int i = 0; i < n; i++) {
            running += (int) events[i][1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /**
     * Checks the model's first promise: every task ran exactly once.
     *
     * @throws IllegalStateException naming the first task that ran zero or several times
     */
    public void verifyEachRanOnce(String model) {
        for (int i = 0; i < calls.length(); i++) {
            int n = calls.get(i);
            if (n != 1) {
                throw new IllegalStateException("model " + model + " ran task " + i + " " + n + " times, expected exactly once");
            }
        }
    }

    /** Completion time of each task since the run began: what a caller waiting for that task saw. */
    public long[] latencies() {
        long[] latencies = new long[end.length];
        for (int i = 0; i < end.length; i++) {
            latencies[i] = end[i] - origin;
        }
        return latencies;
    }

    public List<TaskSpan> timeline() {
        var spans = new ArrayList<TaskSpan>(end.length);
        for (int i = 0; i < end.length; i++) {
            spans.add(new TaskSpan(i, lane[i], start[i] - origin, end[i] - origin));
        }
        return spans;
    }

    private static String laneOf(Thread thread) {
        String name = thread.getName();
        if (!name.isEmpty()) {
            return name;
        }
        return (thread.isVirtual() ? "virtual-" : "thread-") + thread.threadId();
    }
}
