package dev.conclab.chapters.threading;

import dev.conclab.gil.GilRuntime;
import dev.conclab.lab.workload.Workload;

import java.util.Map;

/**
 * A wait-bound workload whose every unit runs as a {@link GilRuntime#blocking blocking call}:
 * under a GIL runtime the thread lets go of the GIL while it waits, as CPython's
 * {@code time.sleep} and socket calls do. Outside a runtime it is the workload it wraps.
 */
final class BlockingWorkload implements Workload {

    private final Workload waits;

    BlockingWorkload(Workload waits) {
        if (waits.kind() != Kind.WAIT) {
            throw new IllegalArgumentException("only waits release the GIL; " + waits.id() + " is " + waits.kind());
        }
        this.waits = waits;
    }

    @Override
    public String id() {
        return waits.id();
    }

    @Override
    public String description() {
        return waits.description() + ", released the GIL while it waits";
    }

    @Override
    public Kind kind() {
        return Kind.WAIT;
    }

    @Override
    public long unitNanos() {
        return waits.unitNanos();
    }

    @Override
    public long runUnit(int index) throws Exception {
        return GilRuntime.blocking(() -> waits.runUnit(index));
    }

    /** The wrapped waits' recipe: releasing the GIL matters only inside a GIL runtime. */
    @Override
    public java.util.Optional<dev.conclab.lab.workload.Recipe> recipe() {
        return waits.recipe();
    }

    @Override
    public Map<String, Object> parameters() {
        return waits.parameters();
    }
}
