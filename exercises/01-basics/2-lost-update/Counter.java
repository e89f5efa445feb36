package exercises.basics.lostupdate;

/**
 * Exercise 1.2: a counter shared by threads that must not lose updates.
 */
public final class Counter {

    private final Runnable betweenReadAndWrite;
    private int value;

    /**
     * @param betweenReadAndWrite run by {@link #increment()} after it reads the value and before
     *                            it writes it back; the checks use it to make threads meet there
     */
    public Counter(Runnable betweenReadAndWrite) {
        this.betweenReadAndWrite = betweenReadAndWrite;
    }

    public Counter() {
        this(() -> {
        });
    }

    /** Adds one. Safe to call from any number of threads at once: no increment is lost. */
    public void increment() {
        // TODO: another thread can read the same value while this one is between its read and
        //  its write, and then one of the two increments is lost. Make the whole increment one
        //  step that no other thread can come between.
        int seen = value;
        betweenReadAndWrite.run();
        value = seen + 1;
    }

    /** The count so far. */
    public int get() {
        return value;
    }
}
