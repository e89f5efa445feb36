package exercises.gevent.unpin;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 7.3, reference solution: loaded lazily under a lock, outside class initialisation.
 */
public final class Settings {

    /** How often the values were loaded (the checks want exactly once). */
    public static final AtomicInteger LOADS = new AtomicInteger();

    private static volatile Map<String, String> values;

    private Settings() {
    }

    /** The value of {@code key}, loading the settings on first use. */
    public static String get(String key) {
        Map<String, String> loaded = values;
        if (loaded == null) {
            synchronized (Settings.class) {
                loaded = values;
                if (loaded == null) {
                    loaded = load();
                    values = loaded;
                }
            }
        }
        return loaded.get(key);
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
