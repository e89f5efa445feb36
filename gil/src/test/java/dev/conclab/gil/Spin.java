package dev.conclab.gil;

/** Busy work for tests: keeps a core busy without sleeping, like interpreted code does. */
final class Spin {

    private static volatile long sink;

    private Spin() {
    }

    /** Spins for about {@code micros} microseconds of wall time. */
    static void micros(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        sink += x;
    }
}
