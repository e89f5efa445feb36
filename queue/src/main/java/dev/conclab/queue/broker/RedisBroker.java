package dev.conclab.queue.broker;

/** {@code redis://host:port/db}: coming next. */
final class RedisBroker {
    private RedisBroker() {
    }

    static Broker open(String url) {
        throw new BrokerException("redis broker not built yet: " + url);
    }
}
