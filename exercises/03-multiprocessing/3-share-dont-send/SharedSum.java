package exercises.multiprocessing.share;

import dev.conclab.process.ProcessPool;
import dev.conclab.process.ProcessTask;
import dev.conclab.process.SharedMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exercise 3.3: sum a large array in worker processes without sending it through the pipes.
 */
public final class SharedSum {

    private SharedSum() {
    }

    /** Sums longs given either by value ({@code long[]}) or as {@code [shared handle, first, count]}. */
    public static final class SumLongs implements ProcessTask<Object, Long> {
        @Override
        public Long call(Object argument) {
            if (argument instanceof long[] slice) {
                return Arrays.stream(slice).sum();
            }
            var a = (List<?>) argument;
            MemorySegment block = ((SharedMemory.Handle) a.get(0)).map();
            long first = (Long) a.get(1);
            long count = (Long) a.get(2);
            long sum = 0;
            for (long i = first; i < first + count; i++) {
                sum += block.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            return sum;
        }
    }

    /** The sum of {@code values}, computed in {@code pool} by {@code parts} tasks. */
    public static long sum(ProcessPool pool, long[] values, int parts) throws Exception {
        try (var block = SharedMemory.create(Math.max(8, values.length * 8L))) {
            long sum = 0;
            for (long s : pool.map(SumLongs.class, arguments(block, values, parts), 1)) {
                sum += s;
            }
            return sum;
        }
    }

    /** The argument of each of the {@code parts} tasks; {@code block} has room for every value. */
    public static List<Object> arguments(SharedMemory block, long[] values, int parts) {
        // TODO: every task gets its slice by value: 8 bytes per long, copied, encoded, piped and
        //  decoded once per task. Copy values into block once, then give each task only
        //  List.of(block.handle(), first, count) (longs).
        var arguments = new ArrayList<Object>();
        int size = (values.length + parts - 1) / parts;
        for (int first = 0; first < values.length; first += size) {
            arguments.add(Arrays.copyOfRange(values, first, Math.min(values.length, first + size)));
        }
        return arguments;
    }
}
