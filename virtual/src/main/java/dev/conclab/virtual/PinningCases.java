package dev.conclab.virtual;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ways a virtual thread can block: each case runs {@code threads} virtual threads that each
 * block for {@code hold} in one particular place, and the experiment measures how long the crowd
 * takes and what {@link PinningMonitor} saw.
 *
 * <p>A virtual thread that can unmount while it blocks gives its carrier to another: the crowd
 * takes about one {@code hold}. One that is pinned keeps its carrier: the crowd takes about
 * {@code threads / carriers} holds. Since JDK 24 (JEP 491) {@code synchronized} no longer pins;
 * what still pins in JDK 25 is blocking under a native frame (here: a Java callback from the C
 * library's {@code qsort}) and blocking while a class is being initialised.
 */
public final class PinningCases {

    /** One way of blocking. */
    public enum Case {
        /** {@code synchronized (own lock) { sleep }}: pinned before JDK 24, not since. */
        SYNCHRONIZED("sleep inside synchronized"),
        /** {@code lock.lock(); sleep; unlock}: never pinned. */
        REENTRANT_LOCK("sleep while holding a ReentrantLock"),
        /** a sleep in a Java callback called from native code (qsort's comparator): pinned. */
        NATIVE_FRAME("sleep in a callback from native code (qsort)"),
        /** a sleep in a static initialiser: pinned while the class is being initialised. */
        CLASS_INIT("sleep in a static initialiser");

        private final String label;

        Case(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * What one case measured.
     *
     * @param wallNanos from starting the crowd to its last thread finished
     * @param pins      pinned waits JFR reported during the run
     */
    public record Outcome(Case blocking, int threads, Duration hold, long wallNanos, List<PinningMonitor.Pin> pins) {
    }

    private PinningCases() {
    }

    /** Runs {@code threads} virtual threads that each block for {@code hold} the way {@code blocking} says. */
    public static Outcome run(Case blocking, int threads, Duration hold) throws InterruptedException {
        Runnable body = switch (blocking) {
            case SYNCHRONIZED -> () -> {
                Object own = new Object();
                synchronized (own) {
                    sleep(hold);
                }
            };
            case REENTRANT_LOCK -> () -> {
                var own = new ReentrantLock();
                own.lock();
                try {
                    sleep(hold);
                } finally {
                    own.unlock();
                }
            };
            case NATIVE_FRAME -> () -> sortWithSleepingComparator(hold);
            case CLASS_INIT -> {
                byte[] bytes = slowInitBytes();
                yield () -> initialiseCopy(bytes, hold);
            }
        };
        try (var monitor = PinningMonitor.start()) {
            long t0 = System.nanoTime();
            var crowd = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                crowd[i] = Thread.ofVirtual().name("pin-" + blocking.name().toLowerCase() + "-", i).start(body);
            }
            for (Thread thread : crowd) {
                thread.join();
            }
            long wall = System.nanoTime() - t0;
            return new Outcome(blocking, threads, hold, wall, monitor.stop());
        }
    }

    static void sleep(Duration hold) {
        try {
            Thread.sleep(hold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- class initialisation: a hidden copy of SlowInit per thread -------------------------

    private static byte[] slowInitBytes() {
        String resource = SlowInit.class.getName().replace('.', '/') + ".class";
        try (var in = PinningCases.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Defines and initialises a fresh hidden copy of SlowInit on this thread, which sleeps {@code hold} in it. */
    private static void initialiseCopy(byte[] bytes, Duration hold) {
        INIT_HOLD.set(hold);
        try {
            MethodHandles.lookup().defineHiddenClass(bytes, true);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            INIT_HOLD.remove();
        }
    }

    // --- native frame: qsort calling back into Java -------------------------------------------

    private static final ThreadLocal<Duration> COMPARATOR_SLEEP = new ThreadLocal<>();

    /** How long the next {@link SlowInit} copy's initialiser sleeps, per thread. */
    static final ThreadLocal<Duration> INIT_HOLD = new ThreadLocal<>();

    /** qsort's comparator: sleeps once per sort (on its first call), then compares two ints. */
    static int compare(MemorySegment a, MemorySegment b) {
        Duration hold = COMPARATOR_SLEEP.get();
        if (hold != null) {
            COMPARATOR_SLEEP.remove();
            sleep(hold);
        }
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }

    private static final class Qsort {
        static final MethodHandle QSORT;
        static final MethodHandle COMPARE;

        static {
            Linker linker = Linker.nativeLinker();
            QSORT = linker.downcallHandle(linker.defaultLookup().find("qsort").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            try {
                COMPARE = MethodHandles.lookup().findStatic(PinningCases.class, "compare",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    static void sortWithSleepingComparator(Duration hold) {
        Linker linker = Linker.nativeLinker();
        var intPointer = ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comparator = linker.upcallStub(Qsort.COMPARE,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, intPointer, intPointer), arena);
            MemorySegment array = arena.allocateFrom(ValueLayout.JAVA_INT, 3, 1, 2);
            COMPARATOR_SLEEP.set(hold);
            Qsort.QSORT.invokeExact(array, 3L, ValueLayout.JAVA_INT.byteSize(), comparator);
        } catch (Throwable e) {
            throw new IllegalStateException("qsort through FFM failed: " + e, e);
        } finally {
            COMPARATOR_SLEEP.remove();
        }
    }
}
