package dev.conclab.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;

/**
 * The worker's whole-process CPU time in nanoseconds, via {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}
 * (the MXBean's figure moves in 10 ms ticks on Linux, too coarse for a 1 ms task). Falls back to
 * the MXBean where the call is unavailable. Used by the worker's main thread only.
 */
final class CpuClock {

    private static final MethodHandle CLOCK_GETTIME = lookup();
    private static final int CLOCK_PROCESS_CPUTIME_ID = System.getProperty("os.name", "").toLowerCase().contains("mac") ? 12 : 2;
    private static final MemorySegment TIMESPEC = CLOCK_GETTIME == null ? null : Arena.global().allocate(ValueLayout.JAVA_LONG, 2);

    private CpuClock() {
    }

    static synchronized long nanos() {
        if (CLOCK_GETTIME != null) {
            try {
                if ((int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, TIMESPEC) == 0) {
                    return TIMESPEC.getAtIndex(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + TIMESPEC.getAtIndex(ValueLayout.JAVA_LONG, 1);
                }
            } catch (Throwable e) {
                // fall back below
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static MethodHandle lookup() {
        try {
            if (System.getProperty("os.name", "").toLowerCase().contains("windows")) {
                return null;
            }
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
