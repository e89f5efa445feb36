package dev.conclab.chapters.gevent;

import dev.conclab.lab.workload.Workload;
import dev.conclab.virtual.EchoFetch;

import java.time.Duration;
import java.util.Map;

/** A blocking fetch from the loopback echo server as a harness workload: a wait of the server's delay. */
final class EchoFetchWorkload implements Workload {

    private final EchoFetch fetch;
    private final Duration delay;

    EchoFetchWorkload(EchoFetch fetch, Duration delay) {
        this.fetch = fetch;
        this.delay = delay;
    }

    @Override
    public String id() {
        return "echo-fetch";
    }

    @Override
    public String description() {
        return "blocking fetch from a loopback echo server that answers after " + delay.toMillis()
                + " ms (connect, write, blocking read, close)";
    }

    @Override
    public Kind kind() {
        return Kind.WAIT;
    }

    @Override
    public long unitNanos() {
        return delay.toNanos();
    }

    @Override
    public long runUnit(int index) throws Exception {
        return fetch.fetch(index);
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("serverDelayNanos", delay.toNanos());
    }
}
