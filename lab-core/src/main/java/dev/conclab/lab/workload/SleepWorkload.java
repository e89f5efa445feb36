package dev.conclab.lab.workload;

import java.time.Duration;
import java.util.Map;

/**
 * Blocks for a fixed time with {@link Thread#sleep(Duration)}: the stand-in for any wait
 * on the outside world (a socket, a disk, a remote service). It uses no core while it waits,
 * and a virtual thread that sleeps gives its carrier thread back.
 */
final class SleepWorkload implements Workload {

    private final Duration wait;

    SleepWorkload(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("wait must be positive, got " + wait);
        }
        this.wait = wait;
    }

    @Override
    public String id() {
        return "sleep";
    }

    @Override
    public String description() {
        return "Thread.sleep(" + wait.toMillis() + " ms): a wait that needs no core";
    }

    @Override
    public Kind kind() {
        return Kind.WAIT;
    }

    @Override
    public long unitNanos() {
        return wait.toNanos();
    }

    @Override
    public long runUnit(int index) throws InterruptedException {
        Thread.sleep(wait);
        return index;
    }

    @Override
    public java.util.Optional<Recipe> recipe() {
        return java.util.Optional.of(new Recipe(null, 0, wait.toNanos()));
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("waitNanos", wait.toNanos());
    }
}
