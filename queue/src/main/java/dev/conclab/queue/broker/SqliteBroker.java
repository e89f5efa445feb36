package dev.conclab.queue.broker;

import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sqlite:PATH}: the embedded broker and result backend, one database file. WAL mode with a busy
 * timeout, so any number of worker and producer processes on one machine share the file safely: every
 * change is one SQLite transaction, and a lease is taken by one {@code UPDATE … RETURNING} statement, so two
 * consumers never lease the same message.
 *
 * <p>Waiting for work polls the file (from 1 ms, backing off to 20 ms while idle); producers and
 * workers in the same JVM wake each other at once. Thread-safe: one connection, used under its lock.
 */
public final class SqliteBroker implements Broker {

    private static final Map<String, Object> LOCAL_SIGNALS = new ConcurrentHashMap<>();
    private static final long MAX_POLL_MS = 20;

    private final String url;
    private final String where;
    private final Connection c;
    private final Object signal;
    private long lastSweep;

    SqliteBroker(String url, Path path) {
        this.url = url;
        this.where = url;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(30_000);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            this.c = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
            org.sqlite.BusyHandler.setHandler(c, new Patient());
            try (Statement st = c.createStatement()) {
                st.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS messages(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
                          queue TEXT NOT NULL, priority INTEGER NOT NULL, visible_at INTEGER NOT NULL,
                          lease_until INTEGER NOT NULL DEFAULT 0, consumer TEXT, deliveries INTEGER NOT NULL DEFAULT 0,
                          body TEXT NOT NULL)""");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS messages_order ON messages(queue, priority DESC, seq)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS results(id TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER NOT NULL)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS idempotency(key TEXT PRIMARY KEY, id TEXT NOT NULL, expires_at INTEGER NOT NULL)");
                st.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS dead_letters(seq INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL,
                          body TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)""");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS workers(id TEXT PRIMARY KEY, info TEXT NOT NULL, expires_at INTEGER NOT NULL)");
            }
        } catch (SQLException | java.io.IOException e) {
            throw new BrokerException(where + ": cannot open the database: " + e.getMessage(), e);
        }
        this.signal = LOCAL_SIGNALS.computeIfAbsent(path.toAbsolutePath().normalize().toString(), p -> new Object());
    }

    /**
     * Waits for another process's write lock in microseconds rather than SQLite's default sleeps (1, 2, 5, 10 …
     * ms), which under contention between worker processes cost more than the transactions themselves.
     * Gives up after 30 s.
     */
    private static final class Patient extends org.sqlite.BusyHandler {
        private long since;

        @Override
        protected int callback(int attempts) {
            long now = System.nanoTime();
            if (attempts == 0) {
                since = now;
            } else if (now - since > 30_000_000_000L) {
                return 0;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(attempts < 50 ? 20_000 : attempts < 500 ? 200_000 : 1_000_000);
            return 1;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} as one transaction under the connection's lock. */
    private <T> T tx(Work<T> work) {
        synchronized (c) {
            try {
                c.setAutoCommit(false);
                try {
                    T t = work.run();
                    c.commit();
                    return t;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the first failure is the one to report
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new BrokerException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String publish(Outgoing m) {
        long now = System.currentTimeMillis();
        String owner = tx(() -> {
            if (m.idempotencyKey() != null) {
                try (var q = c.prepareStatement("SELECT id FROM idempotency WHERE key = ? AND expires_at > ?")) {
                    q.setString(1, m.idempotencyKey());
                    q.setLong(2, now);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            return rs.getString(1);
                        }
                    }
                }
                try (var u = c.prepareStatement("INSERT OR REPLACE INTO idempotency(key, id, expires_at) VALUES (?, ?, ?)")) {
                    u.setString(1, m.idempotencyKey());
                    u.setString(2, m.id());
                    u.setLong(3, now + m.keyTtl().toMillis());
                    u.executeUpdate();
                }
            }
            insert(m.id(), m.queue(), m.priority(), m.visibleAt(), m.body());
            return m.id();
        });
        wake();
        return owner;
    }

    private void insert(String id, String queue, int priority, long visibleAt, String body) throws SQLException {
        try (var u = c.prepareStatement("INSERT INTO messages(id, queue, priority, visible_at, body) VALUES (?, ?, ?, ?, ?)")) {
            u.setString(1, id);
            u.setString(2, queue);
            u.setInt(3, priority);
            u.setLong(4, visibleAt);
            u.setString(5, body);
            u.executeUpdate();
        }
    }

    @Override
    public List<Delivery> fetch(String consumer, List<String> queues, int max, Duration lease, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 1;
        String marks = String.join(",", java.util.Collections.nCopies(queues.size(), "?"));
        String sql = "UPDATE messages SET consumer = ?, lease_until = ?, deliveries = deliveries + 1 WHERE seq IN ("
                + "SELECT seq FROM messages WHERE queue IN (" + marks + ") AND visible_at <= ? AND lease_until <= ? "
                + "ORDER BY priority DESC, seq LIMIT ?) RETURNING seq, queue, priority, body, deliveries";
        String peek = "SELECT 1 FROM messages WHERE queue IN (" + marks + ") AND visible_at <= ? AND lease_until <= ? LIMIT 1";
        while (true) {
            long now = System.currentTimeMillis();
            if (!anyReady(peek, queues, now)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                synchronized (signal) {
                    signal.wait(Math.max(1, Math.min(pause, left / 1_000_000)));
                }
                pause = Math.min(MAX_POLL_MS, pause * 2);
                continue;
            }
            List<Delivery> out = tx(() -> {
                var list = new ArrayList<Delivery>();
                try (PreparedStatement u = c.prepareStatement(sql)) {
                    int i = 1;
                    u.setString(i++, consumer);
                    u.setLong(i++, now + lease.toMillis());
                    for (String q : queues) {
                        u.setString(i++, q);
                    }
                    u.setLong(i++, now);
                    u.setLong(i++, now);
                    u.setInt(i, max);
                    try (ResultSet rs = u.executeQuery()) {
                        while (rs.next()) {
                            list.add(new Delivery(rs.getString(2), rs.getInt(3), Long.toString(rs.getLong(1)),
                                    rs.getString(4), rs.getInt(5)));
                        }
                    }
                }
                list.sort(java.util.Comparator.comparingInt((Delivery d) -> -d.priority())
                        .thenComparingLong(d -> Long.parseLong(d.tag())));
                return list;
            });
            long left = deadline - System.nanoTime();
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
            synchronized (signal) {
                signal.wait(Math.max(1, Math.min(pause, left / 1_000_000)));
            }
            pause = Math.min(MAX_POLL_MS, pause * 2);
        }
    }

    /** A read, which in WAL mode never waits for writers: idle workers poll without taking the write lock. */
    private boolean anyReady(String sql, List<String> queues, long now) {
        synchronized (c) {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int i = 1;
                for (String name : queues) {
                    q.setString(i++, name);
                }
                q.setLong(i++, now);
                q.setLong(i, now);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            } catch (SQLException e) {
                throw new BrokerException(where + ": " + e.getMessage(), e);
            }
        }
    }

    /** Wakes at once when this JVM stores a result in the same file; another process's results are seen by the next poll. */
    @Override
    public void awaitChange(long maxMillis) throws InterruptedException {
        synchronized (signal) {
            signal.wait(Math.max(1, maxMillis));
        }
    }

    @Override
    public void extend(String consumer, Collection<Delivery> deliveries, Duration lease) {
        if (deliveries.isEmpty()) {
            return;
        }
        long until = System.currentTimeMillis() + lease.toMillis();
        tx(() -> {
            try (var u = c.prepareStatement("UPDATE messages SET lease_until = ? WHERE seq = ? AND consumer = ?")) {
                for (Delivery d : deliveries) {
                    u.setLong(1, until);
                    u.setLong(2, Long.parseLong(d.tag()));
                    u.setString(3, consumer);
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    private void delete(Delivery d) throws SQLException {
        try (var u = c.prepareStatement("DELETE FROM messages WHERE seq = ?")) {
            u.setLong(1, Long.parseLong(d.tag()));
            u.executeUpdate();
        }
    }

    @Override
    public void ack(Delivery d) {
        tx(() -> {
            delete(d);
            return null;
        });
    }

    private void putResult(String taskId, String json, Duration ttl) throws SQLException {
        try (var u = c.prepareStatement("INSERT OR REPLACE INTO results(id, body, expires_at) VALUES (?, ?, ?)")) {
            u.setString(1, taskId);
            u.setString(2, json);
            u.setLong(3, System.currentTimeMillis() + ttl.toMillis());
            u.executeUpdate();
        }
    }

    @Override
    public void complete(Delivery d, String taskId, String resultJson, Duration ttl, String replyTo) {
        tx(() -> {
            putResult(taskId, resultJson, ttl);
            delete(d);
            return null;
        });
        wake();
    }

    @Override
    public void requeue(Delivery d, String body, long visibleAt) {
        tx(() -> {
            try (var u = c.prepareStatement(
                    "UPDATE messages SET body = ?, visible_at = ?, lease_until = 0, consumer = NULL WHERE seq = ?")) {
                u.setString(1, body);
                u.setLong(2, visibleAt);
                u.setLong(3, Long.parseLong(d.tag()));
                u.executeUpdate();
            }
            return null;
        });
        wake();
    }

    @Override
    public void deadLetter(Delivery d, String reason) {
        tx(() -> {
            try (var u = c.prepareStatement("INSERT INTO dead_letters(queue, body, reason, at) VALUES (?, ?, ?, ?)")) {
                u.setString(1, d.queue());
                u.setString(2, d.body());
                u.setString(3, reason);
                u.setLong(4, System.currentTimeMillis());
                u.executeUpdate();
            }
            delete(d);
            return null;
        });
    }

    @Override
    public void storeResult(String taskId, String resultJson, Duration ttl) {
        tx(() -> {
            putResult(taskId, resultJson, ttl);
            return null;
        });
        wake();
    }

    @Override
    public Optional<String> result(String taskId) {
        return Optional.ofNullable(results(List.of(taskId)).get(taskId));
    }

    @Override
    public Map<String, String> results(Collection<String> taskIds) {
        var out = new HashMap<String, String>();
        if (taskIds.isEmpty()) {
            return out;
        }
        long now = System.currentTimeMillis();
        var ids = new ArrayList<>(taskIds);
        synchronized (c) {
            try {
                for (int from = 0; from < ids.size(); from += 500) {
                    var part = ids.subList(from, Math.min(ids.size(), from + 500));
                    String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
                    try (var q = c.prepareStatement("SELECT id, body FROM results WHERE expires_at > ? AND id IN (" + marks + ")")) {
                        q.setLong(1, now);
                        for (int i = 0; i < part.size(); i++) {
                            q.setString(i + 2, part.get(i));
                        }
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                out.put(rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new BrokerException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void heartbeat(String workerId, String infoJson, Duration ttl) {
        long now = System.currentTimeMillis();
        tx(() -> {
            try (var u = c.prepareStatement("INSERT OR REPLACE INTO workers(id, info, expires_at) VALUES (?, ?, ?)")) {
                u.setString(1, workerId);
                u.setString(2, infoJson);
                u.setLong(3, now + ttl.toMillis());
                u.executeUpdate();
            }
            if (now - lastSweep > 10_000) {
                lastSweep = now;
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM results WHERE expires_at < " + now);
                    st.executeUpdate("DELETE FROM idempotency WHERE expires_at < " + now);
                    st.executeUpdate("DELETE FROM workers WHERE expires_at < " + now);
                }
            }
            return null;
        });
    }

    private <T> List<T> query(String sql, long arg, RowMapper<T> mapper) {
        synchronized (c) {
            try (var q = c.prepareStatement(sql)) {
                q.setLong(1, arg);
                var out = new ArrayList<T>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new BrokerException(where + ": " + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Override
    public List<String> workers() {
        return query("SELECT info FROM workers WHERE expires_at > ? ORDER BY id", System.currentTimeMillis(), rs -> rs.getString(1));
    }

    @Override
    public Map<String, QueueStats> stats() {
        long now = System.currentTimeMillis();
        var counts = new TreeMap<String, long[]>();
        query("""
                SELECT queue, SUM(lease_until <= ?1 AND visible_at <= ?1), SUM(visible_at > ?1), SUM(lease_until > ?1)
                FROM messages GROUP BY queue""", now, rs -> {
            counts.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            return null;
        });
        var out = new LinkedHashMap<String, QueueStats>();
        counts.forEach((q, n) -> out.put(q, new QueueStats(n[0], n[1], n[2])));
        return out;
    }

    @Override
    public List<String> scheduled(int max) {
        return query("SELECT body FROM messages WHERE visible_at > ? ORDER BY visible_at LIMIT " + max,
                System.currentTimeMillis(), rs -> rs.getString(1));
    }

    @Override
    public List<String> active(int max) {
        return query("SELECT body FROM messages WHERE lease_until > ? ORDER BY seq LIMIT " + max,
                System.currentTimeMillis(), rs -> rs.getString(1));
    }

    @Override
    public List<DeadLetter> deadLetters(int max) {
        return query("SELECT queue, body, reason, at FROM dead_letters ORDER BY seq LIMIT ?", max,
                rs -> new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    @Override
    public long purge(String queue) {
        long now = System.currentTimeMillis();
        return tx(() -> {
            try (var u = c.prepareStatement("DELETE FROM messages WHERE queue = ? AND lease_until <= ?")) {
                u.setString(1, queue);
                u.setLong(2, now);
                return (long) u.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        synchronized (c) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
        }
    }
}
