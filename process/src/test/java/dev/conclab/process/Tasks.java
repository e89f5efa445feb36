package dev.conclab.process;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task classes the tests run in worker processes. Each is public, static, with a public no-arg constructor. */
public final class Tasks {

    private Tasks() {
    }

    /** Returns its argument: a round trip through the codec both ways. */
    public static final class Echo implements ProcessTask<Object, Object> {
        @Override
        public Object call(Object argument) {
            return argument;
        }
    }

    /** n -> n * n. */
    public static final class Square implements ProcessTask<Long, Long> {
        @Override
        public Long call(Long n) {
            return n * n;
        }
    }

    /** [a, b] -> a + b, for starmap. */
    public static final class Add implements ProcessTask<List<Object>, Long> {
        @Override
        public Long call(List<Object> args) {
            return ((Number) args.get(0)).longValue() + ((Number) args.get(1)).longValue();
        }
    }

    /** Returns the worker's process id. */
    public static final class Pid implements ProcessTask<Object, Long> {
        @Override
        public Long call(Object ignored) {
            return ProcessHandle.current().pid();
        }
    }

    /** Throws, through two frames, with a cause. */
    public static final class Fail implements ProcessTask<String, Object> {
        @Override
        public Object call(String message) {
            return deeper(message);
        }

        private static Object deeper(String message) {
            throw new IllegalStateException(message, new ArithmeticException("root cause"));
        }
    }

    /** Returns something the codec cannot carry. */
    public static final class BadResult implements ProcessTask<Object, Object> {
        @Override
        public Object call(Object ignored) {
            return new StringBuilder("not encodable");
        }
    }

    /**
     * Announces itself by creating {@code <dir>/<pid>} and then blocks forever (until killed):
     * the test learns which worker runs it without guessing about timing.
     */
    public static final class Hang implements ProcessTask<String, Object> {
        @Override
        public Object call(String dir) throws Exception {
            Files.createFile(Path.of(dir, Long.toString(ProcessHandle.current().pid())));
            new java.util.concurrent.CountDownLatch(1).await();
            return null;
        }
    }

    /** Exits the worker JVM with the given code. */
    public static final class Exit implements ProcessTask<Integer, Object> {
        @Override
        public Object call(Integer code) {
            System.exit(code);
            return null;
        }
    }

    /** A negative argument exits the worker with that code's absolute value; others are echoed. */
    public static final class ExitOrEcho implements ProcessTask<Integer, Integer> {
        @Override
        public Integer call(Integer n) {
            if (n < 0) {
                System.exit(-n);
            }
            return n;
        }
    }

    /** Allocates until the heap is gone. */
    public static final class Oom implements ProcessTask<Object, Object> {
        @Override
        public Object call(Object ignored) {
            var hog = new ArrayList<long[]>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }
    }

    /** Sums the longs of a shared block, given its handle. */
    public static final class SharedSum implements ProcessTask<SharedMemory.Handle, Long> {
        @Override
        public Long call(SharedMemory.Handle handle) {
            MemorySegment segment = handle.map();
            long sum = 0;
            for (long i = 0; i < segment.byteSize() / 8; i++) {
                sum += segment.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            return sum;
        }
    }

    /** Writes [index] = value into a shared block: [handle, index, value]. */
    public static final class SharedWrite implements ProcessTask<List<Object>, Object> {
        @Override
        public Object call(List<Object> args) {
            var segment = ((SharedMemory.Handle) args.get(0)).map();
            segment.setAtIndex(ValueLayout.JAVA_LONG, (Long) args.get(1), (Long) args.get(2));
            return null;
        }
    }

    /** Remembers a value per worker, as an initializer. */
    public static final class Init implements ProcessTask<String, Object> {
        static volatile String value;

        @Override
        public Object call(String v) {
            value = v;
            return null;
        }
    }

    /** Reads what {@link Init} stored in this worker. */
    public static final class ReadInit implements ProcessTask<Object, String> {
        @Override
        public String call(Object ignored) {
            return Init.value;
        }
    }

    /** An initializer that fails. */
    public static final class BadInit implements ProcessTask<Object, Object> {
        @Override
        public Object call(Object ignored) {
            throw new IllegalArgumentException("no database here");
        }
    }

    /** Not usable: no public no-arg constructor. */
    public static final class NoConstructor implements ProcessTask<Object, Object> {
        public NoConstructor(int x) {
        }

        @Override
        public Object call(Object argument) {
            return null;
        }
    }
}
