package dev.conclab.chapters.asyncio;

import dev.conclab.lab.measure.ProcessCpuClock;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;

/** Runs a load client once and measures it. One run at a time per JVM (the figures are process-wide). */
final class LoadMeasurer {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    LoadRun measure(LoadClient client, URI target, int requests, int wantedConcurrency, int expectedBytes) throws Exception {
        int concurrency = client.concurrency(requests, wantedConcurrency);
        var log = new RequestLog(requests);
        System.gc();
        long heapBefore = ProcessMemory.heapUsed();
        long rssBefore = ProcessMemory.resetPeaks();
        threads.resetPeakThreadCount();
        long cpuBefore = ProcessCpuClock.nanos();
        log.begin();
        long started = System.nanoTime();
        client.run(target, requests, concurrency, log);
        long wall = System.nanoTime() - started;
        long cpu = ProcessCpuClock.nanos() - cpuBefore;
        int peakThreads = threads.getPeakThreadCount();
        long rssPeak = ProcessMemory.peakRss();
        long heapPeak = ProcessMemory.heapPeak();

        var histogram = new Histogram(3);
        for (long latency : log.latencies()) {
            if (latency > 0) {
                histogram.recordValue(latency);
            }
        }
        Throwable failure = log.firstFailure();
        return new LoadRun(client.id(), requests, concurrency, wall, Math.max(0, cpu), peakThreads,
                rssBefore < 0 || rssPeak < 0 ? -1 : Math.max(0, rssPeak - rssBefore), Math.max(0, heapPeak - heapBefore),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                log.failures(expectedBytes), failure == null ? null : failure.toString());
    }
}
