package dev.conclab.lab.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuClockTest {

    private static volatile long sink;

    @Test
    void seesAFewMillisecondsOfWorkOnThisThread() {
        long before = ProcessCpuClock.nanos();
        long threadBefore = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long end = System.nanoTime() + 5_000_000;
        while (System.nanoTime() < end) {
            sink++;
        }
        long threadUsed = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadBefore;
        long processUsed = ProcessCpuClock.nanos() - before;
        if (ProcessCpuClock.precise()) {
            // The process did at least what this thread did (other threads only add).
            assertThat(processUsed).isGreaterThanOrEqualTo(threadUsed - 100_000).isPositive();
        } else {
            assertThat(processUsed).isNotNegative();
        }
    }

    @Test
    void isPreciseOnLinux() {
        if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            assertThat(ProcessCpuClock.precise()).isTrue();
        }
    }
}
