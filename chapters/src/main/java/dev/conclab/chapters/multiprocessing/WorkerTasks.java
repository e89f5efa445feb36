package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.workload.SumOfSquares;
import dev.conclab.process.ProcessTask;
import dev.conclab.process.SharedMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The tasks chapter 3 runs in worker JVMs. Each is a public static class with a public no-arg
 * constructor, because a worker creates it by name: that is how work crosses a process boundary.
 */
public final class WorkerTasks {

    private WorkerTasks() {
    }

    /** Returns its argument: the smallest task there is, to measure what the pool itself costs. */
    public static final class Noop implements ProcessTask<Object, Object> {
        @Override
        public Object call(Object argument) {
            return argument;
        }
    }

    /** {@code [iterations, index]} -> the sum of squares unit {@code index}, as the harness's CPU workload computes it. */
    public static final class Squares implements ProcessTask<List<Object>, Long> {
        private static final SumOfSquares KERNEL = new SumOfSquares();

        @Override
        public Long call(List<Object> a) {
            return KERNEL.run(((Number) a.get(1)).intValue(), ((Number) a.get(0)).longValue());
        }

        /** The same computation in this JVM, for the sequential and threaded rows. */
        static long local(long iterations, int index) {
            return KERNEL.run(index, iterations);
        }
    }

    /**
     * {@code [iterations, tasks, threads]}: the whole batch inside one worker, one unit after
     * another ({@code threads} 1) or on a fixed pool of {@code threads} platform threads, and the
     * sum of the units' checksums. It lets the sequential and threaded rows run in a JVM started
     * the same way as the pool's workers, so every row's code is compiled alike.
     */
    public static final class Batch implements ProcessTask<List<Object>, Long> {
        @Override
        public Long call(List<Object> a) throws Exception {
            long iterations = ((Number) a.get(0)).longValue();
            int tasks = ((Number) a.get(1)).intValue();
            int threads = ((Number) a.get(2)).intValue();
            if (threads == 1) {
                long s = 0;
                for (int i = 0; i < tasks; i++) {
                    s += Squares.local(iterations, i);
                }
                return s;
            }
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                var futures = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
                for (int i = 0; i < tasks; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> Squares.local(iterations, index)));
                }
                long s = 0;
                for (var f : futures) {
                    s += f.get();
                }
                return s;
            }
        }
    }

    /** Sums a slice sent by value: the array travels through the pipe. */
    public static final class SumArray implements ProcessTask<long[], Long> {
        @Override
        public Long call(long[] slice) {
            return sum(MemorySegment.ofArray(slice), 0, slice.length);
        }
    }

    /** {@code [handle, first, count]}: sums a slice of a shared block; only the handle travels. */
    public static final class SumShared implements ProcessTask<List<Object>, Long> {
        @Override
        public Long call(List<Object> a) {
            MemorySegment block = ((SharedMemory.Handle) a.get(0)).map();
            return sum(block, (Long) a.get(1), (Long) a.get(2));
        }
    }

    static long sum(MemorySegment longs, long first, long count) {
        long total = 0;
        for (long i = first; i < first + count; i++) {
            total += longs.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return total;
    }

    /**
     * {@code [x, marker folder, victim]}: item {@code victim} announces its worker's pid by creating
     * a file named after it and then waits to be killed; every other item takes 20 ms and returns
     * {@code x}. The crash demonstration kills the announced worker from outside, as
     * {@code kill -9} would.
     */
    public static final class Victim implements ProcessTask<List<Object>, Integer> {
        @Override
        public Integer call(List<Object> a) throws Exception {
            int x = (Integer) a.get(0);
            if (x == (Integer) a.get(2)) {
                Files.createFile(Path.of((String) a.get(1), Long.toString(ProcessHandle.current().pid())));
                new CountDownLatch(1).await();
            }
            Thread.sleep(20);
            return x;
        }
    }
}
