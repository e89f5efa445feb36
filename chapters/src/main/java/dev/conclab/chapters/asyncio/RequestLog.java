package dev.conclab.chapters.asyncio;

import java.util.concurrent.atomic.AtomicReference;

/**
 * When each request of a run started and ended and what came back. Each index is written by
 * the one thread (or loop callback) that runs that request; the client's run returns only after
 * every request has ended, which makes the records visible to the thread that reads them.
 */
final class RequestLog {

    private final long[] start;
    private final long[] end;
    private final int[] status;
    private final int[] bytes;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private long origin;

    RequestLog(int requests) {
        start = new long[requests];
        end = new long[requests];
        status = new int[requests];
        bytes = new int[requests];
    }

    int size() {
        return start.length;
    }

    void begin() {
        origin = System.nanoTime();
    }

    void started(int i) {
        start[i] = System.nanoTime();
    }

    void finished(int i, int statusCode, int bodyBytes) {
        end[i] = System.nanoTime();
        status[i] = statusCode;
        bytes[i] = bodyBytes;
    }

    void failed(int i, Throwable failure) {
        end[i] = System.nanoTime();
        status[i] = -1;
        firstFailure.compareAndSet(null, failure);
    }

    /** Requests that did not end in a 200 with {@code expectedBytes} of body (or never ended). */
    int failures(int expectedBytes) {
        int failed = 0;
        for (int i = 0; i < start.length; i++) {
            if (end[i] == 0 || status[i] != 200 || bytes[i] != expectedBytes) {
                failed++;
            }
        }
        return failed;
    }

    /** The first exception a request ended with, if any. */
    Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Per request: from the moment the client started it to its response. */
    long[] latencies() {
        long[] latencies = new long[start.length];
        for (int i = 0; i < start.length; i++) {
            latencies[i] = end[i] == 0 ? 0 : end[i] - start[i];
        }
        return latencies;
    }

    long origin() {
        return origin;
    }
}
