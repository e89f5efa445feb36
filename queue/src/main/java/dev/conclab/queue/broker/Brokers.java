package dev.conclab.queue.broker;

import java.nio.file.Path;

/**
 * Opens a broker by URL:
 * <ul>
 *   <li>{@code memory:} or {@code memory:NAME}: in this JVM (tests, the tour);</li>
 *   <li>{@code sqlite:PATH}: a database file, shared by the processes of one machine;</li>
 *   <li>{@code redis://HOST:PORT/DB}: a Redis 5+ server (streams, consumer groups).</li>
 * </ul>
 */
public final class Brokers {

    private Brokers() {
    }

    /** @throws IllegalArgumentException for a URL of no known kind; {@link BrokerException} if it cannot be opened */
    public static Broker open(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("broker URL is empty; expected memory:, sqlite:PATH or redis://HOST:PORT/DB");
        }
        if (url.equals("memory:") || url.startsWith("memory:")) {
            return new MemoryBroker(url, url.substring("memory:".length()));
        }
        if (url.startsWith("sqlite:")) {
            String path = url.substring("sqlite:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw new IllegalArgumentException("broker URL '" + url + "' has no path; expected sqlite:PATH");
            }
            return new SqliteBroker(url, Path.of(path));
        }
        if (url.startsWith("redis://")) {
            return RedisBroker.open(url);
        }
        throw new IllegalArgumentException("unknown broker URL '" + url + "'; expected memory:, sqlite:PATH or redis://HOST:PORT/DB");
    }
}
