package dev.conclab.virtual;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessMemoryTest {

    @Test
    void findsTheHeapAmongTheMappings() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/smaps")), "needs Linux's /proc/self/smaps");
        long[] residentAndHeap = ProcessMemory.residentAndHeapResident();
        assertThat(residentAndHeap[0]).as("resident bytes of the process").isPositive();
        assertThat(residentAndHeap[1]).as("resident bytes of the heap").isPositive().isLessThan(residentAndHeap[0]);
    }

    @Test
    void aLiveArrayOnTheHeapCountsAsHeapNotAsNative() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/smaps")), "needs Linux's /proc/self/smaps");
        var before = ProcessMemory.snapshot();
        byte[] live = new byte[64 << 20];
        for (int i = 0; i < live.length; i += 4096) {
            live[i] = 1; // touch every page so it is resident
        }
        var growth = before.growthTo(ProcessMemory.snapshot());
        assertThat(live[4096]).isEqualTo((byte) 1);
        assertThat(growth.heapUsedBytes()).isGreaterThanOrEqualTo(64L << 20);
        // Growing the heap commits more than it touches; none of that may show as native memory,
        // in either direction.
        assertThat(growth.nativeBytes()).isBetween(-(16L << 20), 16L << 20);
    }

    @Test
    void waitingPlatformThreadsHoldNativeMemoryForTheirStacks() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/smaps")), "needs Linux's /proc/self/smaps");
        var crowd = ThreadScale.crowd(ThreadScale.Kind.PLATFORM, 500);
        assertThat(crowd.nativeBytesPerThread()).as("a platform thread's stack and kernel structures").isPositive();
    }
}
