package exercises.gevent.unpin;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 7.3: settings loaded from a slow service, without pinning virtual threads.
 */
public final class Settings {

    /** How often the values were loaded (the checks want exactly once). */
    public static final AtomicInteger LOADS = new AtomicInteger();

    // TODO: this load blocks inside class initialisation, which pins every virtual thread that
    //  touches Settings first. Load lazily on first use instead, exactly once.
    private static final Map<String, String> VALUES = load();

    private Settings() {
    }

    /** The value of {@code key}, loading the settings on first use. */
    public static String get(String key) {
        return VALUES.get(key);
    }

    /** Stands for a call to a configuration service: it blocks for a while. */
    static Map<String, String> load() {
        LOADS.incrementAndGet();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of("region", "eu-west", "pool", "16");
    }
}
