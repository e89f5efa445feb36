package dev.conclab.gil;

/**
 * What a {@link GilRuntime}'s lock has done so far: a consistent snapshot, taken under the lock.
 * All zero for a free-threaded runtime.
 *
 * @param takes           times a thread took the GIL
 * @param contendedTakes  of those, times it had to wait because another thread held it
 * @param switches        times the GIL went to a different thread than its last holder
 *                        (CPython's {@code switch_number})
 * @param dropRequests    times a waiting thread asked the holder to drop the lock
 * @param requestedDrops  times a holder dropped the lock at a checkpoint because it was asked to
 * @param blockingDrops   times a holder dropped the lock to enter a blocking call
 * @param totalWaitNanos  time threads spent waiting for the GIL, summed over threads
 * @param maxWaitNanos    the longest single wait for the GIL
 * @param maxHonourNanos  the longest time from a drop request to the holder dropping the lock
 */
public record GilStats(long takes, long contendedTakes, long switches, long dropRequests, long requestedDrops,
                       long blockingDrops, long totalWaitNanos, long maxWaitNanos, long maxHonourNanos) {

    /** Nothing has happened (and, for a free-threaded runtime, nothing will). */
    public static final GilStats NONE = new GilStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Mean wait for the GIL of the waits that had to wait, in nanoseconds; 0 when none did. */
    public double meanContendedWaitNanos() {
        return contendedTakes == 0 ? 0 : (double) totalWaitNanos / contendedTakes;
    }
}
