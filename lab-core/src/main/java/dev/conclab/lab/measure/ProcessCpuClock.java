package dev.conclab.lab.measure;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU time of the whole process, in nanoseconds, including threads that have already ended.
 *
 * <p>Why not {@code OperatingSystemMXBean.getProcessCpuTime()}: on Linux the JDK computes
 * it from {@code times(2)}, in clock ticks of 10 ms, which reads 0 for a 2 ms run. This class
 * calls {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through the FFM API instead, which
 * the kernel keeps to the nanosecond, and falls back to the MXBean where that call is not
 * available (the JVM then needs {@code --enable-native-access=ALL-UNNAMED} to stay quiet).
 *
 * <p>Thread-safe.
 */
public final class ProcessCpuClock {

    private static final MethodHandle CLOCK_GETTIME = lookup();
    private static final int CLOCK_PROCESS_CPUTIME_ID = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .contains("mac") ? 12 : 2;

    private ProcessCpuClock() {
    }

    /** Whether readings come from the precise clock rather than the coarse fallback. */
    public static boolean precise() {
        return CLOCK_GETTIME != null;
    }

    /** Process CPU time so far. Only differences between two readings mean anything. */
    public static long nanos() {
        if (CLOCK_GETTIME != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment timespec = arena.allocate(ValueLayout.JAVA_LONG, 2);
                int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec);
                if (rc == 0) {
                    return timespec.getAtIndex(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L
                            + timespec.getAtIndex(ValueLayout.JAVA_LONG, 1);
                }
            } catch (Throwable e) {
                // Fall through to the portable, coarser figure.
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static MethodHandle lookup() {
        try {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows")) {
                return null;
            }
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(address -> linker.downcallHandle(address,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
