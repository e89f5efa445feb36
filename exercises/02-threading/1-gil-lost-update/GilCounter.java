package exercises.threading.gilcounter;

import dev.conclab.gil.GilRuntime;

/**
 * Exercise 2.1: a counter shared by GIL threads.
 */
public final class GilCounter {

    private int value;

    /** {@code counter += 1} as CPython runs it: load, (the eval breaker may switch threads here), store. */
    public void increment() {
        // TODO: the GIL may switch threads at the checkpoint, between the read and the write, and
        //  then an increment is lost. Guard the read and the write with a lock, and wait for that
        //  lock with the GIL released (GilRuntime.blocking), as CPython's Lock.acquire() does.
        int seen = value;
        GilRuntime.checkpoint();
        value = seen + 1;
    }

    /** The count so far. */
    public int get() {
        return value;
    }
}
