package dev.conclab.chapters.futures.samples;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A task that waits a while, noting whether it finished or was interrupted. For the samples. */
final class Slow implements Callable<String> {

    final String name;
    final Duration wait;
    final AtomicBoolean finished = new AtomicBoolean();
    final AtomicBoolean interrupted = new AtomicBoolean();
    volatile long endedAt;

    Slow(String name, Duration wait) {
        this.name = name;
        this.wait = wait;
    }

    @Override
    public String call() throws InterruptedException {
        try {
            Thread.sleep(wait);
            finished.set(true);
            return name;
        } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
        } finally {
            endedAt = System.nanoTime();
        }
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
