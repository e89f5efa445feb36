package dev.conclab.queue.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * {@code memory:NAME}: a broker and result backend inside this JVM, for tests and the tour. Every
 * {@code memory:} URL with the same name in one JVM reaches the same queues; nothing survives the JVM.
 * Same contract as the other brokers (leases, delays, dead letters), so code tested on it behaves the same
 * on SQLite or Redis. Thread-safe: one lock guards the queues.
 */
public final class MemoryBroker implements Broker {

    private static final Map<String, State> STATES = new ConcurrentHashMap<>();

    private final String url;
    private final State s;

    MemoryBroker(String url, String name) {
        this.url = url;
        this.s = STATES.computeIfAbsent(name, n -> new State());
    }

    /** Forgets the named queues' contents (tests). */
    public static void reset(String name) {
        STATES.remove(name);
    }

    private static final class Msg {
        final long seq;
        final String id;
        final String queue;
        final int priority;
        long visibleAt;
        String body;
        int deliveries;
        String consumer;
        long leaseUntil;

        Msg(long seq, String id, String queue, int priority, long visibleAt, String body) {
            this.seq = seq;
            this.id = id;
            this.queue = queue;
            this.priority = priority;
            this.visibleAt = visibleAt;
            this.body = body;
        }
    }

    private record Timed(String value, long until) {
    }

    private static final Comparator<Msg> READY_ORDER =
            Comparator.<Msg>comparingInt(m -> -m.priority).thenComparingLong(m -> m.seq);

    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        long seq;
        final Map<String, PriorityQueue<Msg>> ready = new HashMap<>();
        final TreeMap<Long, List<Msg>> delayed = new TreeMap<>();
        final Map<Long, Msg> leased = new LinkedHashMap<>();
        final Map<String, Timed> keys = new HashMap<>();
        final List<DeadLetter> dead = new ArrayList<>();
        final Map<String, Timed> results = new ConcurrentHashMap<>();
        final Map<String, Timed> workers = new ConcurrentHashMap<>();
        final Map<String, BiConsumer<String, String>> listeners = new ConcurrentHashMap<>();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String publish(Outgoing m) {
        long now = System.currentTimeMillis();
        s.lock.lock();
        try {
            if (m.idempotencyKey() != null) {
                Timed held = s.keys.get(m.idempotencyKey());
                if (held != null && held.until() > now) {
                    return held.value();
                }
                s.keys.put(m.idempotencyKey(), new Timed(m.id(), now + m.keyTtl().toMillis()));
            }
            var msg = new Msg(++s.seq, m.id(), m.queue(), m.priority(), m.visibleAt(), m.body());
            place(msg, now);
            s.arrived.signalAll();
            return m.id();
        } finally {
            s.lock.unlock();
        }
    }

    private void place(Msg msg, long now) {
        if (msg.visibleAt > now) {
            s.delayed.computeIfAbsent(msg.visibleAt, k -> new ArrayList<>()).add(msg);
        } else {
            s.ready.computeIfAbsent(msg.queue, q -> new PriorityQueue<>(READY_ORDER)).add(msg);
        }
    }

    /** Moves due delayed messages to ready and expired leases back to ready; returns the next time something is due. */
    private long maintain(long now) {
        while (!s.delayed.isEmpty() && s.delayed.firstKey() <= now) {
            for (Msg m : s.delayed.pollFirstEntry().getValue()) {
                s.ready.computeIfAbsent(m.queue, q -> new PriorityQueue<>(READY_ORDER)).add(m);
            }
        }
        long next = s.delayed.isEmpty() ? Long.MAX_VALUE : s.delayed.firstKey();
        var it = s.leased.values().iterator();
        while (it.hasNext()) {
            Msg m = it.next();
            if (m.leaseUntil <= now) {
                it.remove();
                m.consumer = null;
                s.ready.computeIfAbsent(m.queue, q -> new PriorityQueue<>(READY_ORDER)).add(m);
            } else {
                next = Math.min(next, m.leaseUntil);
            }
        }
        return next;
    }

    @Override
    public List<Delivery> fetch(String consumer, List<String> queues, int max, Duration lease, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        s.lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.currentTimeMillis();
                long next = maintain(now);
                var out = new ArrayList<Delivery>();
                while (out.size() < max) {
                    PriorityQueue<Msg> best = null;
                    for (String q : queues) {
                        PriorityQueue<Msg> pq = s.ready.get(q);
                        if (pq != null && !pq.isEmpty()
                                && (best == null || READY_ORDER.compare(pq.peek(), best.peek()) < 0)) {
                            best = pq;
                        }
                    }
                    if (best == null) {
                        break;
                    }
                    Msg m = best.poll();
                    m.deliveries++;
                    m.consumer = consumer;
                    m.leaseUntil = now + lease.toMillis();
                    s.leased.put(m.seq, m);
                    out.add(new Delivery(m.queue, m.priority, Long.toString(m.seq), m.body, m.deliveries));
                }
                long left = deadline - System.nanoTime();
                if (!out.isEmpty() || left <= 0) {
                    return out;
                }
                long untilNext = next == Long.MAX_VALUE ? left : TimeUnit.MILLISECONDS.toNanos(Math.max(1, next - now));
                s.arrived.awaitNanos(Math.min(left, untilNext));
            }
        } finally {
            s.lock.unlock();
        }
    }

    private Msg leased(Delivery d) {
        return s.leased.get(Long.parseLong(d.tag()));
    }

    @Override
    public void extend(String consumer, Collection<Delivery> deliveries, Duration lease) {
        long until = System.currentTimeMillis() + lease.toMillis();
        s.lock.lock();
        try {
            for (Delivery d : deliveries) {
                Msg m = leased(d);
                if (m != null && consumer.equals(m.consumer)) {
                    m.leaseUntil = until;
                }
            }
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public void ack(Delivery d) {
        s.lock.lock();
        try {
            s.leased.remove(Long.parseLong(d.tag()));
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public void complete(Delivery d, String taskId, String resultJson, Duration ttl, String replyTo) {
        storeResult(taskId, resultJson, ttl);
        ack(d);
        if (replyTo != null) {
            BiConsumer<String, String> l = s.listeners.get(replyTo);
            if (l != null) {
                l.accept(taskId, resultJson);
            }
        }
    }

    @Override
    public void requeue(Delivery d, String body, long visibleAt) {
        long now = System.currentTimeMillis();
        s.lock.lock();
        try {
            Msg m = s.leased.remove(Long.parseLong(d.tag()));
            if (m == null) {
                return; // the lease ran out and someone else has it: theirs now
            }
            m.body = body;
            m.visibleAt = visibleAt;
            m.consumer = null;
            place(m, now);
            s.arrived.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public void deadLetter(Delivery d, String reason) {
        s.lock.lock();
        try {
            s.leased.remove(Long.parseLong(d.tag()));
            s.dead.add(new DeadLetter(d.queue(), d.body(), reason, System.currentTimeMillis()));
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public void storeResult(String taskId, String resultJson, Duration ttl) {
        s.results.put(taskId, new Timed(resultJson, System.currentTimeMillis() + ttl.toMillis()));
    }

    @Override
    public Optional<String> result(String taskId) {
        Timed t = s.results.get(taskId);
        return t == null || t.until() < System.currentTimeMillis() ? Optional.empty() : Optional.of(t.value());
    }

    @Override
    public Map<String, String> results(Collection<String> taskIds) {
        var out = new HashMap<String, String>();
        for (String id : taskIds) {
            result(id).ifPresent(r -> out.put(id, r));
        }
        return out;
    }

    @Override
    public boolean listen(String channel, BiConsumer<String, String> onResult) {
        s.listeners.put(channel, onResult);
        return true;
    }

    @Override
    public void heartbeat(String workerId, String infoJson, Duration ttl) {
        s.workers.put(workerId, new Timed(infoJson, System.currentTimeMillis() + ttl.toMillis()));
    }

    @Override
    public List<String> workers() {
        long now = System.currentTimeMillis();
        return s.workers.values().stream().filter(t -> t.until() > now).map(Timed::value).toList();
    }

    @Override
    public Map<String, QueueStats> stats() {
        s.lock.lock();
        try {
            long now = System.currentTimeMillis();
            maintain(now);
            var ready = new TreeMap<String, long[]>();
            s.ready.forEach((q, pq) -> ready.computeIfAbsent(q, k -> new long[3])[0] += pq.size());
            s.delayed.values().forEach(l -> l.forEach(m -> ready.computeIfAbsent(m.queue, k -> new long[3])[1]++));
            s.leased.values().forEach(m -> ready.computeIfAbsent(m.queue, k -> new long[3])[2]++);
            var out = new LinkedHashMap<String, QueueStats>();
            ready.forEach((q, c) -> out.put(q, new QueueStats(c[0], c[1], c[2])));
            return out;
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public List<String> scheduled(int max) {
        s.lock.lock();
        try {
            return s.delayed.values().stream().flatMap(List::stream).limit(max).map(m -> m.body).toList();
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public List<String> active(int max) {
        s.lock.lock();
        try {
            return s.leased.values().stream().limit(max).map(m -> m.body).toList();
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public List<DeadLetter> deadLetters(int max) {
        s.lock.lock();
        try {
            return List.copyOf(s.dead.subList(0, Math.min(max, s.dead.size())));
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public long purge(String queue) {
        s.lock.lock();
        try {
            long n = 0;
            PriorityQueue<Msg> pq = s.ready.remove(queue);
            if (pq != null) {
                n += pq.size();
            }
            for (var it = s.delayed.values().iterator(); it.hasNext(); ) {
                List<Msg> l = it.next();
                int before = l.size();
                l.removeIf(m -> m.queue.equals(queue));
                n += before - l.size();
                if (l.isEmpty()) {
                    it.remove();
                }
            }
            return n;
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public void close() {
    }
}
