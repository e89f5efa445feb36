package dev.conclab.lab.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the measurements were taken on. Every report and benchmark result carries one, so
 * figures from different machines are never mixed up.
 *
 * @param cores            processors available to the JVM
 * @param memoryBytes      physical memory of the machine
 * @param maxHeapBytes     the JVM's maximum heap
 * @param cpuModel         the processor's name where the OS tells it, else "unknown"
 * @param jvm              vendor, version and VM name
 * @param os               name, version and architecture
 */
public record Machine(int cores, long memoryBytes, long maxHeapBytes, String cpuModel, String jvm, String os) {

    /** Describes the machine this JVM runs on. */
    public static Machine current() {
        var osBean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String jvm = System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.name") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return new Machine(Runtime.getRuntime().availableProcessors(), osBean.getTotalMemorySize(),
                Runtime.getRuntime().maxMemory(), readCpuModel(), jvm, os);
    }

    /** One line for people, e.g. "2 cores (AMD EPYC 7B13), 24.0 GiB, Eclipse Adoptium 25.0.3+9-LTS, Linux 6.1 amd64". */
    public String summary() {
        return "%d cores (%s), %.1f GiB, %s, %s".formatted(cores, cpuModel, memoryBytes / (1024.0 * 1024 * 1024), jvm, os);
    }

    private static String readCpuModel() {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                try (var lines = Files.lines(cpuinfo)) {
                    return lines.filter(l -> l.startsWith("model name"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .findFirst().orElse("unknown");
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only a label: a machine that hides its CPU name is still measured.
        }
        return "unknown";
    }
}
