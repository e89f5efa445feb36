package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.process.ProcessPool;
import dev.conclab.process.SharedMemory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A large input: one array of {@code longs} summed in {@code tasks} slices, three ways, at each
 * worker count. Threads read the array where it lies, in the shared heap. A process pool that gets
 * each slice by value copies it out, encodes it, pushes it through a pipe and decodes it on the
 * other side, for every task. A process pool given a {@link SharedMemory} handle sends a path and
 * three numbers; the workers map the same pages once and read them in place. The copy into the
 * shared block is paid once and shown apart.
 *
 * @param workers  worker counts, in row order
 * @param threads  per worker count
 * @param byValue  per worker count
 * @param shared   per worker count
 */
record SharedArray(int longs, int tasks, List<Integer> workers, List<Stat> threads, List<Stat> byValue, List<Stat> shared,
                   long sharedSetupNanos, long byValueBytesPerTask, long sharedBytesPerTask) {

    record Plan(int longs, int tasks, List<Integer> workers, int repetitions) {
    }

    static SharedArray run(Plan plan, ProgressListener progress) throws Exception {
        long[] array = new long[plan.longs()];
        for (int i = 0; i < array.length; i++) {
            array[i] = (i * 2_654_435_761L) & 0xFFFF;
        }
        long expected = Arrays.stream(array).sum();
        int slice = (plan.longs() + plan.tasks() - 1) / plan.tasks();
        var threads = new ArrayList<Stat>();
        var byValue = new ArrayList<Stat>();
        var shared = new ArrayList<Stat>();
        progress.begin("A large array: by value or shared", 3L * plan.workers().size());
        long t0 = System.nanoTime();
        try (var shm = SharedMemory.of(array)) {
            long setup = System.nanoTime() - t0;
            var sharedArgs = new ArrayList<List<Object>>();
            for (int t = 0; t < plan.tasks(); t++) {
                long first = (long) t * slice;
                sharedArgs.add(List.of(shm.handle(), first, Math.max(0, Math.min(slice, array.length - first))));
            }
            for (int w : plan.workers()) {
                try (var pool = Executors.newFixedThreadPool(w)) {
                    var calls = new ArrayList<Callable<Long>>();
                    for (int t = 0; t < plan.tasks(); t++) {
                        long first = (long) t * slice;
                        long count = Math.max(0, Math.min(slice, array.length - first));
                        calls.add(() -> WorkerTasks.sum(MemorySegment.ofArray(array), first, count));
                    }
                    Measure.Run batch = () -> check(sum(pool.invokeAll(calls)), expected);
                    batch.run();
                    threads.add(Measure.repeat(plan.repetitions(), batch));
                }
                progress.step("threads x" + w);
                try (var pool = ProcessPool.builder().workers(w).build()) {
                    Measure.Run batch = () -> {
                        // Copying the slices out is part of sending by value, as pickling is in Python.
                        var slices = new ArrayList<long[]>();
                        for (int t = 0; t < plan.tasks(); t++) {
                            int first = t * slice;
                            slices.add(Arrays.copyOfRange(array, Math.min(first, array.length), Math.min(first + slice, array.length)));
                        }
                        check(pool.map(WorkerTasks.SumArray.class, slices, 1).stream().mapToLong(Long::longValue).sum(), expected);
                    };
                    batch.run();
                    byValue.add(Measure.repeat(plan.repetitions(), batch));
                    progress.step("by value x" + w);
                    Measure.Run sharedBatch = () -> check(pool.map(WorkerTasks.SumShared.class, sharedArgs, 1).stream()
                            .mapToLong(Long::longValue).sum(), expected);
                    sharedBatch.run();
                    shared.add(Measure.repeat(plan.repetitions(), sharedBatch));
                    progress.step("shared memory x" + w);
                }
            }
            return new SharedArray(plan.longs(), plan.tasks(), plan.workers(), threads, byValue, shared, setup,
                    ProcessPool.encodedSize(Arrays.copyOfRange(array, 0, Math.min(slice, array.length))),
                    ProcessPool.encodedSize(sharedArgs.getFirst()));
        } finally {
            progress.end();
        }
    }

    private static long sum(List<Future<Long>> futures) throws Exception {
        long s = 0;
        for (var f : futures) {
            s += f.get();
        }
        return s;
    }

    private static void check(long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException("sum " + sum + " differs from the expected " + expected);
        }
    }

    /** The row index of {@code w} workers, or of the last count measured if {@code w} was not. */
    int at(int w) {
        int i = workers.indexOf(w);
        return i >= 0 ? i : workers.size() - 1;
    }

    static final List<Column> COLUMNS = List.of(new Column("time", "batch time", "ns"), new Column("sent", "sent per task", "bytes"),
            new Column("setup", "one-off set-up", "ns"));

    TableResult table() {
        var rows = new ArrayList<Row>();
        for (int i = 0; i < workers.size(); i++) {
            int w = workers.get(i);
            rows.add(new Row("Java threads x" + w + " (shared heap)", List.of(Value.of(threads.get(i)), Value.of(0), Value.none())));
            rows.add(new Row("Java ProcessPool x" + w + ", slices by value", List.of(Value.of(byValue.get(i)), Value.of(byValueBytesPerTask),
                    Value.none())));
            rows.add(new Row("Java ProcessPool x" + w + ", SharedMemory handle", List.of(Value.of(shared.get(i)), Value.of(sharedBytesPerTask),
                    i == 0 ? Value.of(sharedSetupNanos) : Value.none())));
        }
        return TableResult.of("shared-array", "A large input: " + longs + " longs (" + dev.conclab.lab.report.Format.bytes(longs * 8.0)
                        + ") summed in " + tasks + " slices, at " + workers + " workers",
                "Median of repeated batches after a warm-up; the pools are started beforehand. Set-up is the copy of the array "
                        + "into the shared block, paid once for every row.", COLUMNS, rows);
    }
}
