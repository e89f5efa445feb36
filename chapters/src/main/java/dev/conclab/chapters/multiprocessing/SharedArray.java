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
 * A large input: one array of {@code longs} summed in {@code tasks} slices, three ways. Threads
 * read the array where it lies, in the shared heap. A process pool that gets each slice by value
 * copies it out, encodes it, pushes it through a pipe and decodes it on the other side, for every
 * task. A process pool given a {@link SharedMemory} handle sends a path and three numbers; the
 * workers map the same pages once and read them in place. The copy into the shared block is paid
 * once and shown apart.
 */
record SharedArray(int longs, int tasks, int workers, Stat threads, Stat byValue, Stat shared, long sharedSetupNanos,
                   long byValueBytesPerTask, long sharedBytesPerTask) {

    record Plan(int longs, int tasks, int workers, int repetitions) {
    }

    static SharedArray run(Plan plan, ProgressListener progress) throws Exception {
        long[] array = new long[plan.longs()];
        for (int i = 0; i < array.length; i++) {
            array[i] = (i * 2_654_435_761L) & 0xFFFF;
        }
        long expected = Arrays.stream(array).sum();
        int slice = (plan.longs() + plan.tasks() - 1) / plan.tasks();
        progress.begin("A large array: by value or shared", 3);
        try {
            Stat threads;
            try (var pool = Executors.newFixedThreadPool(plan.workers())) {
                var calls = new ArrayList<Callable<Long>>();
                for (int t = 0; t < plan.tasks(); t++) {
                    long first = (long) t * slice;
                    long count = Math.max(0, Math.min(slice, array.length - first));
                    calls.add(() -> WorkerTasks.sum(MemorySegment.ofArray(array), first, count));
                }
                Measure.Run batch = () -> check(sum(pool.invokeAll(calls)), expected);
                batch.run();
                threads = Measure.repeat(plan.repetitions(), batch);
            }
            progress.step("threads");
            Stat byValue;
            Stat shared;
            long setup;
            long valueBytes;
            long sharedBytes;
            try (var pool = ProcessPool.builder().workers(plan.workers()).build()) {
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
                byValue = Measure.repeat(plan.repetitions(), batch);
                valueBytes = ProcessPool.encodedSize(Arrays.copyOfRange(array, 0, Math.min(slice, array.length)));
                progress.step("by value");

                long t0 = System.nanoTime();
                try (var shm = SharedMemory.of(array)) {
                    setup = System.nanoTime() - t0;
                    var args = new ArrayList<List<Object>>();
                    for (int t = 0; t < plan.tasks(); t++) {
                        long first = (long) t * slice;
                        args.add(List.of(shm.handle(), first, Math.max(0, Math.min(slice, array.length - first))));
                    }
                    Measure.Run sharedBatch = () -> check(pool.map(WorkerTasks.SumShared.class, args, 1).stream()
                            .mapToLong(Long::longValue).sum(), expected);
                    sharedBatch.run();
                    shared = Measure.repeat(plan.repetitions(), sharedBatch);
                    sharedBytes = ProcessPool.encodedSize(args.getFirst());
                }
                progress.step("shared memory");
            }
            return new SharedArray(plan.longs(), plan.tasks(), plan.workers(), threads, byValue, shared, setup, valueBytes, sharedBytes);
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

    static final List<Column> COLUMNS = List.of(new Column("time", "batch time", "ns"), new Column("sent", "sent per task", "bytes"),
            new Column("setup", "one-off set-up", "ns"));

    TableResult table() {
        var rows = List.of(
                new Row("Java threads (shared heap)", List.of(Value.of(threads), Value.of(0), Value.none())),
                new Row("Java ProcessPool, slices by value", List.of(Value.of(byValue), Value.of(byValueBytesPerTask), Value.none())),
                new Row("Java ProcessPool, SharedMemory handle", List.of(Value.of(shared), Value.of(sharedBytesPerTask),
                        Value.of(sharedSetupNanos))));
        return TableResult.of("shared-array", "A large input: " + longs + " longs (" + dev.conclab.lab.report.Format.bytes(longs * 8.0)
                        + ") summed in " + tasks + " slices by " + workers + " workers",
                "Median of repeated batches after a warm-up; the pools are started beforehand. Set-up is the copy of the array "
                        + "into the shared block, paid once.", COLUMNS, rows);
    }
}
