package exercises.basics.lostupdate;

/**
 * Exercise 1.2, reference solution: one lock makes read, pause and write one step.
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
    public synchronized void increment() {
        int seen = value;
        betweenReadAndWrite.run();
        value = seen + 1;
    }

    /** The count so far. */
    public synchronized int get() {
        return value;
    }
}
