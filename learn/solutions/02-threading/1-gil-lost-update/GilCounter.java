package exercises.threading.gilcounter;

import dev.conclab.gil.GilRuntime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Exercise 2.1, reference solution: a lock, waited for with the GIL released.
 */
public final class GilCounter {

    private final ReentrantLock lock = new ReentrantLock();
    private int value;

    /** {@code counter += 1} as CPython runs it: load, (the eval breaker may switch threads here), store. */
    public void increment() {
        GilRuntime.blocking(() -> {
            lock.lock();
            return null;
        });
        try {
            int seen = value;
            GilRuntime.checkpoint();
            value = seen + 1;
        } finally {
            lock.unlock();
        }
    }

    /** The count so far. */
    public int get() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }
}
