package dev.conclab.chapters.asyncio;

import java.net.URI;

/**
 * One way to send many HTTP requests at once: the loop's client, a pool of platform threads
 * with a blocking client, virtual threads with a blocking client, or the JDK's
 * {@code HttpClient.sendAsync}. Each run creates and closes its own client, threads and
 * connections, as a program doing this once would; that cost is part of what is measured.
 */
interface LoadClient {

    /** Stable id for reports and {@code --models}. */
    String id();

    /** One line: the Java API it stands for. */
    String description();

    /** How many requests it keeps in flight when asked for {@code wanted} of {@code requests}. */
    default int concurrency(int requests, int wanted) {
        return Math.min(requests, wanted);
    }

    /**
     * Sends {@code requests} GETs of {@code target} with at most {@code concurrency} in flight,
     * recording each in {@code log}; returns when every request has ended (a failed request is
     * recorded, not thrown).
     */
    void run(URI target, int requests, int concurrency, RequestLog log) throws Exception;
}
