package dev.conclab.chapters.threading;

import dev.conclab.lab.workload.Workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes in eval-loop steps, then waits in a blocking call: the mixed task as CPython runs
 * it, holding the GIL while it computes and releasing it while it waits. Outside a GIL runtime
 * it is an ordinary mixed workload.
 */
final class GilMixedWorkload implements Workload {

    private final Workload cpu;
    private final Workload waits;

    GilMixedWorkload(Duration cpu, Duration wait) {
        this.cpu = GilWorkloads.sumOfSquares(cpu);
        this.waits = GilWorkloads.sleep(wait);
    }

    @Override
    public String id() {
        return "mixed";
    }

    @Override
    public String description() {
        return "%s for %.1f ms of CPU, then a wait of %.1f ms (the wait releases the GIL)"
                .formatted(cpu.id(), cpu.unitNanos() / 1e6, waits.unitNanos() / 1e6);
    }

    @Override
    public Kind kind() {
        return Kind.MIXED;
    }

    @Override
    public long unitNanos() {
        return cpu.unitNanos() + waits.unitNanos();
    }

    @Override
    public long cpuNanos() {
        return cpu.unitNanos();
    }

    @Override
    public long runUnit(int index) throws Exception {
        long checksum = cpu.runUnit(index);
        waits.runUnit(index);
        return checksum;
    }

    /** The CPU part's recipe followed by the wait (outside a GIL runtime the wait needs no release). */
    @Override
    public java.util.Optional<dev.conclab.lab.workload.Recipe> recipe() {
        return cpu.recipe().map(r -> r.withWait(java.time.Duration.ofNanos(waits.unitNanos())));
    }

    @Override
    public Map<String, Object> parameters() {
        var parameters = new LinkedHashMap<String, Object>(cpu.parameters());
        parameters.put("waitNanos", waits.unitNanos());
        return parameters;
    }
}
