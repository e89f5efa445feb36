package dev.conclab.loop;

/**
 * A callback scheduled for a point in time ({@code asyncio.TimerHandle}). Timers with the same
 * deadline run in the order they were scheduled.
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {

    private final long when;
    private final long sequence;
    private final EventLoop loop;

    TimerHandle(Runnable callback, String createdAt, long when, long sequence, EventLoop loop) {
        super(callback, createdAt);
        this.when = when;
        this.sequence = sequence;
        this.loop = loop;
    }

    /** The deadline, on the loop's clock ({@link EventLoop#time()}, nanoseconds). */
    public long when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!isCancelled()) {
            super.cancel();
            loop.timerCancelled();
        }
    }

    @Override
    public int compareTo(TimerHandle other) {
        int byTime = Long.compare(when - other.when, 0);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
