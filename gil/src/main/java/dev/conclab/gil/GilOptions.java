package dev.conclab.gil;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GilRuntime} behaves: with a global interpreter lock or without one, how long a
 * waiting thread lets the holder run before it asks for the lock, and who gets the lock when
 * the holder lets go.
 *
 * <pre>{@code
 * GilOptions.cpython()                                   // CPython 3.2+: GIL, 5 ms, CPython's hand-off
 * GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1))  // sys.setswitchinterval(0.001)
 * GilOptions.cpython().withHandOff(GilOptions.HandOff.FIFO)      // the same GIL, handed on in arrival order
 * GilOptions.freeThreaded()                              // like CPython 3.13t: no GIL at all
 * }</pre>
 *
 * @param mode           with or without a GIL
 * @param switchInterval how long a thread waits for the GIL before it asks the holder to drop
 *                       it (CPython's {@code sys.getswitchinterval()}, 5 ms by default); positive
 * @param handOff        who gets the GIL when the holder drops it
 */
public record GilOptions(Mode mode, Duration switchInterval, HandOff handOff) {

    /** CPython's default switch interval, {@code sys.getswitchinterval() == 0.005}. */
    public static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);

    /** The longest switch interval accepted: a longer one would only hide a mistake in units. */
    public static final Duration MAX_SWITCH_INTERVAL = Duration.ofSeconds(10);

    /** Whether threads must hold the global interpreter lock to run. */
    public enum Mode {
        /** One thread at a time runs interpreted code (CPython up to 3.12, and 3.13+ by default). */
        GIL,
        /** No global lock: every thread runs at once (CPython 3.13t, "free-threaded"; and Java). */
        FREE_THREADED
    }

    /** Who gets the GIL when its holder drops it. */
    public enum HandOff {
        /**
         * CPython's ({@code Python/ceval_gil.c}): the dropping thread wakes one waiter, and whichever
         * thread takes the lock first gets it: a thread coming back from a blocking call can take a
         * free lock ahead of threads that have waited longer. After a drop that was asked for, the
         * dropping thread waits until another thread has taken the lock ("forced switching"), so
         * that it cannot take the lock straight back.
         */
        CPYTHON,
        /**
         * A fair hand-off: waiting threads line up in arrival order, and a drop gives the lock
         * directly to the first in line, so no thread can take it out of turn.
         */
        FIFO
    }

    public GilOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(handOff, "handOff");
        checkSwitchInterval(switchInterval);
    }

    /** CPython 3.2 and later: a GIL with a 5 ms switch interval and CPython's hand-off. */
    public static GilOptions cpython() {
        return new GilOptions(Mode.GIL, DEFAULT_SWITCH_INTERVAL, HandOff.CPYTHON);
    }

    /** No GIL, like CPython 3.13t: checkpoints and blocking calls cost (almost) nothing. */
    public static GilOptions freeThreaded() {
        return new GilOptions(Mode.FREE_THREADED, DEFAULT_SWITCH_INTERVAL, HandOff.CPYTHON);
    }

    public GilOptions withSwitchInterval(Duration interval) {
        return new GilOptions(mode, interval, handOff);
    }

    public GilOptions withHandOff(HandOff policy) {
        return new GilOptions(mode, switchInterval, policy);
    }

    /** True when threads must hold the GIL to run. */
    public boolean hasGil() {
        return mode == Mode.GIL;
    }

    /** "GIL, 5 ms switch interval, CPython's hand-off" or "free-threaded (no GIL)". */
    public String describe() {
        if (!hasGil()) {
            return "free-threaded (no GIL)";
        }
        return "GIL, " + millis(switchInterval) + " switch interval, "
                + (handOff == HandOff.CPYTHON ? "CPython's hand-off" : "FIFO hand-off");
    }

    static Duration checkSwitchInterval(Duration interval) {
        Objects.requireNonNull(interval, "switch interval");
        if (interval.isNegative() || interval.isZero() || interval.compareTo(MAX_SWITCH_INTERVAL) > 0) {
            throw new IllegalArgumentException("switch interval must be more than 0 and at most "
                    + MAX_SWITCH_INTERVAL.toSeconds() + " s, got " + interval);
        }
        return interval;
    }

    static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return (ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms)) + " ms";
    }
}
