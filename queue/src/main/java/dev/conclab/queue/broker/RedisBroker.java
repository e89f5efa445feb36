package dev.conclab.queue.broker;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code redis://HOST:PORT/DB}: a broker and result backend on Redis 5 or newer.
 *
 * <ul>
 *   <li>Each queue is one Redis Stream per priority in use ({@code cq:s:QUEUE:P}), read by the consumer group
 *       {@code workers} with {@code XREADGROUP}; a message is acknowledged and deleted ({@code XACK},
 *       {@code XDEL}) in the same Lua script that stores its result.</li>
 *   <li>A worker's lease is the entry's idle time in the group's pending list: heartbeats reset it
 *       ({@code XCLAIM … JUSTID} by the owner only), and consumers take over entries idle longer than the lease
 *       with {@code XAUTOCLAIM}: a dead worker's messages are redelivered.</li>
 *   <li>Delayed messages wait in the sorted set {@code cq:delayed} (score: due time) and a Lua script moves
 *       them, atomically and so exactly once, into their stream when due. They are never pending while they
 *       wait, so no lease can run out on them (Celery on Redis redelivers ETA tasks past its visibility
 *       timeout: celery#2599).</li>
 *   <li>Results are strings {@code cq:r:ID} with a TTL; a producer that waits is told through pub/sub
 *       ({@code cq:reply:CHANNEL}, the result in the message), so {@code get()} needs no polling.</li>
 *   <li>Dead letters are the list {@code cq:dead}; idempotency keys {@code cq:k:KEY}; heartbeats {@code cq:w:ID}.</li>
 * </ul>
 *
 * <p>Durability is Redis's: run it with {@code appendonly yes} for messages to survive a restart. Thread-safe
 * (a pool of connections); a connection failure is a {@link BrokerException} and the next call reconnects.
 */
public final class RedisBroker implements Broker {

    static final String GROUP = "workers";
    private static final String P = "cq:";

    private static final String PUBLISH = """
            if ARGV[1] ~= '' then
              local held = redis.call('GET', 'cq:k:' .. ARGV[1])
              if held then return held end
              redis.call('SET', 'cq:k:' .. ARGV[1], ARGV[3], 'PX', ARGV[2])
            end
            redis.call('SADD', 'cq:queues', ARGV[5])
            redis.call('SADD', 'cq:qs:' .. ARGV[5], ARGV[6])
            if tonumber(ARGV[7]) > tonumber(ARGV[8]) then
              redis.call('ZADD', 'cq:delayed', ARGV[7], ARGV[4] .. '\\n' .. ARGV[9])
            else
              redis.call('XADD', ARGV[4], '*', 'b', ARGV[9])
            end
            return ARGV[3]""";

    private static final String MOVE_DUE = """
            local due = redis.call('ZRANGEBYSCORE', 'cq:delayed', '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, m in ipairs(due) do
              local nl = string.find(m, '\\n', 1, true)
              redis.call('XADD', string.sub(m, 1, nl - 1), '*', 'b', string.sub(m, nl + 1))
              redis.call('ZREM', 'cq:delayed', m)
            end
            return #due""";

    private static final String COMPLETE = """
            redis.call('SET', ARGV[4], ARGV[5], 'PX', ARGV[6])
            if ARGV[7] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[8] .. '\\n' .. ARGV[5]) end
            redis.call('XACK', ARGV[1], ARGV[2], ARGV[3])
            redis.call('XDEL', ARGV[1], ARGV[3])
            return 1""";

    private static final String REQUEUE = """
            local p = redis.call('XPENDING', ARGV[1], ARGV[2], ARGV[3], ARGV[3], 1)
            if #p == 0 then return 0 end
            if tonumber(ARGV[5]) > tonumber(ARGV[6]) then
              redis.call('ZADD', 'cq:delayed', ARGV[5], ARGV[1] .. '\\n' .. ARGV[4])
            else
              redis.call('XADD', ARGV[1], '*', 'b', ARGV[4])
            end
            redis.call('XACK', ARGV[1], ARGV[2], ARGV[3])
            redis.call('XDEL', ARGV[1], ARGV[3])
            return 1""";

    private static final String DEAD = """
            redis.call('RPUSH', 'cq:dead', ARGV[4])
            redis.call('XACK', ARGV[1], ARGV[2], ARGV[3])
            redis.call('XDEL', ARGV[1], ARGV[3])
            return 1""";

    private static final String EXTEND = """
            local n = 0
            for i = 4, #ARGV do
              local p = redis.call('XPENDING', ARGV[1], ARGV[2], ARGV[i], ARGV[i], 1)
              if #p > 0 and p[1][2] == ARGV[3] then
                redis.call('XCLAIM', ARGV[1], ARGV[2], ARGV[3], 0, ARGV[i], 'JUSTID')
                n = n + 1
              end
            end
            return n""";

    private final String url;
    private final HostAndPort address;
    private final JedisClientConfig config;
    private final JedisPool pool;
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final Set<String> grouped = ConcurrentHashMap.newKeySet();
    private final Map<String, Streams> streams = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Delivery>> spare = new ConcurrentHashMap<>();
    private final Map<String, Long> lastReclaim = new ConcurrentHashMap<>();
    private volatile long lastMove;
    private volatile boolean closed;
    private final List<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Streams(List<String> keys, long at) {
    }

    private RedisBroker(String url, HostAndPort address, int db) {
        this.url = url;
        this.address = address;
        this.config = DefaultJedisClientConfig.builder().database(db).connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(10_000).blockingSocketTimeoutMillis(10_000).clientName("conclab-queue").build();
        var poolConfig = new GenericObjectPoolConfig<Jedis>();
        poolConfig.setMaxTotal(128);
        poolConfig.setMaxIdle(128);
        poolConfig.setMinIdle(0);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, address, config);
    }

    static Broker open(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker URL '" + url + "' is not a URL; expected redis://HOST:PORT/DB");
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        int db = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
            try {
                db = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("broker URL '" + url + "': database '" + path + "' is not a number");
            }
        }
        var b = new RedisBroker(url, new HostAndPort(host, port), db);
        try {
            b.call(j -> j.ping());
        } catch (BrokerException e) {
            b.close();
            throw e;
        }
        return b;
    }

    private <T> T call(Function<Jedis, T> f) {
        try (Jedis j = pool.getResource()) {
            return f.apply(j);
        } catch (JedisConnectionException e) {
            throw new BrokerException(url + " unreachable: " + rootMessage(e), e);
        } catch (JedisException e) {
            throw new BrokerException(url + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ");
    }

    private Object script(Jedis j, String script, String... args) {
        String sha = shas.computeIfAbsent(script, RedisBroker::sha1);
        try {
            return j.evalsha(sha, 0, args);
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return j.eval(script, 0, args);
            }
            throw e;
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String streamKey(String queue, int priority) {
        return P + "s:" + queue + ":" + priority;
    }

    private static int priorityOf(String stream) {
        return Integer.parseInt(stream.substring(stream.lastIndexOf(':') + 1));
    }

    private static String queueOf(String stream) {
        return stream.substring((P + "s:").length(), stream.lastIndexOf(':'));
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String publish(Outgoing m) {
        long now = System.currentTimeMillis();
        return call(j -> (String) script(j, PUBLISH, m.idempotencyKey() == null ? "" : m.idempotencyKey(),
                Long.toString(m.keyTtl() == null ? 86_400_000 : m.keyTtl().toMillis()), m.id(), streamKey(m.queue(), m.priority()),
                m.queue(), Integer.toString(m.priority()), Long.toString(m.visibleAt()), Long.toString(now), m.body()));
    }

    private List<String> streamsOf(List<String> queues, boolean fresh) {
        var all = new ArrayList<String>();
        long now = System.currentTimeMillis();
        for (String q : queues) {
            Streams s = streams.get(q);
            if (s == null || fresh || now - s.at() > 1_000) {
                Set<String> ps = call(j -> j.smembers(P + "qs:" + q));
                var keys = ps.stream().map(p -> streamKey(q, Integer.parseInt(p))).toList();
                s = new Streams(keys, now);
                streams.put(q, s);
            }
            all.addAll(s.keys());
        }
        all.sort(Comparator.comparingInt(RedisBroker::priorityOf).reversed());
        for (String k : all) {
            if (!grouped.contains(k)) {
                ensureGroup(k);
            }
        }
        return all;
    }

    private void ensureGroup(String stream) {
        call(j -> {
            try {
                j.xgroupCreate(stream, GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            return null;
        });
        grouped.add(stream);
    }

    private void moveDue() {
        long now = System.currentTimeMillis();
        if (now - lastMove < 50) {
            return;
        }
        lastMove = now;
        call(j -> script(j, MOVE_DUE, Long.toString(now), "1000"));
    }

    private static Delivery delivery(String stream, StreamEntry e, int deliveries) {
        Map<String, String> f = e.getFields();
        String body = f == null ? null : f.get("b");
        if (body == null) {
            body = "entry without a 'b' field: " + f;
        }
        return new Delivery(queueOf(stream), priorityOf(stream), stream + " " + e.getID(), body, deliveries);
    }

    @Override
    public List<Delivery> fetch(String consumer, List<String> queues, int max, Duration lease, Duration wait)
            throws InterruptedException {
        var out = new ArrayList<Delivery>(max);
        ArrayDeque<Delivery> extra = spare.computeIfAbsent(consumer, c -> new ArrayDeque<>());
        synchronized (extra) {
            while (out.size() < max && !extra.isEmpty()) {
                out.add(extra.poll());
            }
        }
        if (out.size() == max) {
            return out;
        }
        moveDue();
        List<String> keys = streamsOf(queues, false);
        reclaim(consumer, keys, lease, max - out.size(), out);
        if (!out.isEmpty()) {
            return out;
        }
        try {
            if (keys.size() > 1) {
                for (String k : keys) {
                    readGroup(consumer, Map.of(k, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY), max - out.size(), 0, out, extra, max);
                    if (out.size() >= max) {
                        break;
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
            }
            if (keys.isEmpty()) {
                Thread.sleep(Math.min(wait.toMillis(), 50));
                streamsOf(queues, true);
                return out;
            }
            var all = new LinkedHashMap<String, StreamEntryID>();
            for (String k : keys) {
                all.put(k, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
            }
            int blockMs = (int) Math.max(1, Math.min(wait.toMillis(), 1_000));
            readGroup(consumer, all, max, blockMs, out, extra, max);
        } catch (BrokerException e) {
            if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                grouped.clear();
                streams.clear();
                return out;
            }
            throw e;
        }
        return out;
    }

    private void readGroup(String consumer, Map<String, StreamEntryID> keys, int count, int blockMs, List<Delivery> out,
                           ArrayDeque<Delivery> extra, int max) {
        var params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMs > 0) {
            params.block(blockMs);
        }
        List<Map.Entry<String, List<StreamEntry>>> got = call(j -> j.xreadGroup(GROUP, consumer, params, keys));
        if (got == null) {
            return;
        }
        var sorted = new ArrayList<>(got);
        sorted.sort(Comparator.comparingInt((Map.Entry<String, List<StreamEntry>> e) -> priorityOf(e.getKey())).reversed());
        for (var s : sorted) {
            for (StreamEntry e : s.getValue()) {
                Delivery d = delivery(s.getKey(), e, 1);
                if (out.size() < max) {
                    out.add(d);
                } else {
                    synchronized (extra) {
                        extra.add(d);
                    }
                }
            }
        }
    }

    /** Takes over messages whose lease ran out (their worker died or stalled), at most every quarter lease. */
    private void reclaim(String consumer, List<String> keys, Duration lease, int room, List<Delivery> out) {
        long now = System.currentTimeMillis();
        long every = Math.max(100, lease.toMillis() / 4);
        Long last = lastReclaim.get(consumer);
        if (last != null && now - last < every) {
            return;
        }
        lastReclaim.put(consumer, now);
        for (String k : keys) {
            if (room <= 0) {
                return;
            }
            int n = room;
            Map.Entry<StreamEntryID, List<StreamEntry>> got = call(j -> j.xautoclaim(k, GROUP, consumer, lease.toMillis(),
                    new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(n)));
            for (StreamEntry e : got.getValue()) {
                if (e != null && e.getFields() != null) {
                    out.add(delivery(k, e, 2));
                    room--;
                }
            }
        }
    }

    private static String[] tag(Delivery d) {
        int sp = d.tag().indexOf(' ');
        return new String[]{d.tag().substring(0, sp), d.tag().substring(sp + 1)};
    }

    @Override
    public void extend(String consumer, Collection<Delivery> deliveries, Duration lease) {
        var byStream = new HashMap<String, List<String>>();
        for (Delivery d : deliveries) {
            String[] t = tag(d);
            byStream.computeIfAbsent(t[0], k -> new ArrayList<>()).add(t[1]);
        }
        call(j -> {
            for (var e : byStream.entrySet()) {
                var args = new ArrayList<String>(List.of(e.getKey(), GROUP, consumer));
                args.addAll(e.getValue());
                script(j, EXTEND, args.toArray(String[]::new));
            }
            return null;
        });
    }

    @Override
    public void ack(Delivery d) {
        String[] t = tag(d);
        call(j -> {
            j.xack(t[0], GROUP, new StreamEntryID(t[1]));
            j.xdel(t[0], new StreamEntryID(t[1]));
            return null;
        });
    }

    @Override
    public void complete(Delivery d, String taskId, String resultJson, Duration ttl, String replyTo) {
        String[] t = tag(d);
        call(j -> script(j, COMPLETE, t[0], GROUP, t[1], P + "r:" + taskId, resultJson, Long.toString(ttl.toMillis()),
                replyTo == null ? "" : P + "reply:" + replyTo, taskId));
    }

    @Override
    public void requeue(Delivery d, String body, long visibleAt) {
        String[] t = tag(d);
        call(j -> script(j, REQUEUE, t[0], GROUP, t[1], body, Long.toString(visibleAt), Long.toString(System.currentTimeMillis())));
    }

    @Override
    public void deadLetter(Delivery d, String reason) {
        String[] t = tag(d);
        var json = new com.fasterxml.jackson.databind.node.ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance)
                .put("queue", d.queue()).put("body", d.body()).put("reason", reason).put("at", System.currentTimeMillis());
        call(j -> script(j, DEAD, t[0], GROUP, t[1], json.toString()));
    }

    @Override
    public void storeResult(String taskId, String resultJson, Duration ttl) {
        call(j -> j.psetex(P + "r:" + taskId, ttl.toMillis(), resultJson));
    }

    @Override
    public Optional<String> result(String taskId) {
        return Optional.ofNullable(call(j -> j.get(P + "r:" + taskId)));
    }

    @Override
    public Map<String, String> results(Collection<String> taskIds) {
        var ids = new ArrayList<>(taskIds);
        var out = new HashMap<String, String>();
        for (int from = 0; from < ids.size(); from += 500) {
            var part = ids.subList(from, Math.min(ids.size(), from + 500));
            List<String> values = call(j -> j.mget(part.stream().map(id -> P + "r:" + id).toArray(String[]::new)));
            for (int i = 0; i < part.size(); i++) {
                if (values.get(i) != null) {
                    out.put(part.get(i), values.get(i));
                }
            }
        }
        return out;
    }

    @Override
    public boolean listen(String channel, BiConsumer<String, String> onResult) {
        var s = new Subscriber(P + "reply:" + channel, onResult);
        subscribers.add(s);
        s.thread.start();
        return true;
    }

    /** One pub/sub connection per listening queue, reconnecting after outages (results missed meanwhile are polled). */
    private final class Subscriber {
        final Thread thread;
        final JedisPubSub pubsub;
        final String channel;

        Subscriber(String channel, BiConsumer<String, String> onResult) {
            this.channel = channel;
            this.pubsub = new JedisPubSub() {
                @Override
                public void onMessage(String ch, String message) {
                    int nl = message.indexOf('\n');
                    if (nl > 0) {
                        onResult.accept(message.substring(0, nl), message.substring(nl + 1));
                    }
                }
            };
            this.thread = Thread.ofPlatform().daemon().name("conclab-redis-results").unstarted(this::loop);
        }

        void loop() {
            long pause = 50;
            while (!closed) {
                var sub = DefaultJedisClientConfig.builder().database(config.getDatabase()).connectionTimeoutMillis(2_000)
                        .socketTimeoutMillis(0).build();
                try (var j = new Jedis(address, sub)) {
                    pause = 50;
                    j.subscribe(pubsub, channel);
                } catch (JedisException e) {
                    if (closed) {
                        return;
                    }
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
                pause = Math.min(1_000, pause * 2);
            }
        }

        void stop() {
            try {
                if (pubsub.isSubscribed()) {
                    pubsub.unsubscribe();
                }
            } catch (RuntimeException ignored) {
                // closing
            }
            thread.interrupt();
        }
    }

    @Override
    public void heartbeat(String workerId, String infoJson, Duration ttl) {
        call(j -> {
            j.psetex(P + "w:" + workerId, ttl.toMillis(), infoJson);
            j.sadd(P + "workers", workerId);
            return null;
        });
    }

    @Override
    public List<String> workers() {
        return call(j -> {
            var ids = new ArrayList<>(j.smembers(P + "workers"));
            ids.sort(null);
            var out = new ArrayList<String>();
            if (ids.isEmpty()) {
                return out;
            }
            List<String> infos = j.mget(ids.stream().map(id -> P + "w:" + id).toArray(String[]::new));
            for (int i = 0; i < ids.size(); i++) {
                if (infos.get(i) == null) {
                    j.srem(P + "workers", ids.get(i));
                } else {
                    out.add(infos.get(i));
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, QueueStats> stats() {
        return call(j -> {
            var counts = new TreeMap<String, long[]>();
            for (String q : j.smembers(P + "queues")) {
                long[] c = counts.computeIfAbsent(q, k -> new long[3]);
                for (String p : j.smembers(P + "qs:" + q)) {
                    String k = streamKey(q, Integer.parseInt(p));
                    long len = j.exists(k) ? j.xlen(k) : 0;
                    long pending = 0;
                    if (len > 0) {
                        try {
                            pending = j.xpending(k, GROUP).getTotal();
                        } catch (JedisDataException e) {
                            pending = 0; // no group yet: nothing leased
                        }
                    }
                    c[0] += len - pending;
                    c[2] += pending;
                }
            }
            for (String m : j.zrange(P + "delayed", 0, -1)) {
                String stream = m.substring(0, m.indexOf('\n'));
                counts.computeIfAbsent(queueOf(stream), k -> new long[3])[1]++;
            }
            var out = new LinkedHashMap<String, QueueStats>();
            counts.forEach((q, c) -> out.put(q, new QueueStats(c[0], c[1], c[2])));
            return out;
        });
    }

    @Override
    public List<String> scheduled(int max) {
        return call(j -> j.zrange(P + "delayed", 0, max - 1).stream().map(m -> m.substring(m.indexOf('\n') + 1)).toList());
    }

    @Override
    public List<String> active(int max) {
        return call(j -> {
            var out = new ArrayList<String>();
            for (String q : j.smembers(P + "queues")) {
                for (String p : j.smembers(P + "qs:" + q)) {
                    String k = streamKey(q, Integer.parseInt(p));
                    if (!j.exists(k) || out.size() >= max) {
                        continue;
                    }
                    List<StreamPendingEntry> pend;
                    try {
                        pend = j.xpending(k, GROUP, XPendingParams.xPendingParams().count(max - out.size()));
                    } catch (JedisDataException e) {
                        continue;
                    }
                    for (StreamPendingEntry pe : pend) {
                        for (StreamEntry e : j.xrange(k, pe.getID(), pe.getID(), 1)) {
                            out.add(e.getFields().get("b"));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<DeadLetter> deadLetters(int max) {
        return call(j -> j.lrange(P + "dead", 0, max - 1)).stream().map(s -> {
            try {
                var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
                return new DeadLetter(n.path("queue").asText(), n.path("body").asText(), n.path("reason").asText(), n.path("at").asLong());
            } catch (Exception e) {
                return new DeadLetter("?", s, "unreadable dead letter", 0);
            }
        }).toList();
    }

    @Override
    public long purge(String queue) {
        return call(j -> {
            long n = 0;
            for (String p : j.smembers(P + "qs:" + queue)) {
                String k = streamKey(queue, Integer.parseInt(p));
                if (!j.exists(k)) {
                    continue;
                }
                var pendingIds = new java.util.HashSet<String>();
                try {
                    for (StreamPendingEntry pe : j.xpending(k, GROUP, XPendingParams.xPendingParams().count(1_000_000))) {
                        pendingIds.add(pe.getID().toString());
                    }
                } catch (JedisDataException e) {
                    // no group: nothing leased
                }
                var drop = new ArrayList<StreamEntryID>();
                for (StreamEntry e : j.xrange(k, "-", "+")) {
                    if (!pendingIds.contains(e.getID().toString())) {
                        drop.add(e.getID());
                    }
                }
                if (!drop.isEmpty()) {
                    n += j.xdel(k, drop.toArray(StreamEntryID[]::new));
                }
            }
            String prefix = P + "s:" + queue + ":";
            for (String m : j.zrange(P + "delayed", 0, -1)) {
                if (m.startsWith(prefix) && m.indexOf('\n') > prefix.length() - 1
                        && m.substring(0, m.indexOf('\n')).lastIndexOf(':') == prefix.length() - 1) {
                    n += j.zrem(P + "delayed", m);
                }
            }
            return n;
        });
    }

    @Override
    public void close() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.stop();
        }
        pool.close();
    }
}
