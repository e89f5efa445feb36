package dev.conclab.virtual;

import java.time.Duration;

/**
 * A class whose static initialiser sleeps: a virtual thread that initialises it is pinned for
 * the whole sleep, because the JVM runs class initialisation in a frame a virtual thread cannot
 * unmount from. {@link PinningCases} defines a fresh hidden copy of this class per thread, so
 * each thread runs the initialiser itself instead of waiting for another's.
 */
final class SlowInit {

    static {
        // Hidden copies share the runtime package, so they read the same thread-local.
        Duration hold = PinningCases.INIT_HOLD.get();
        if (hold != null) {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SlowInit() {
    }
}
