package dev.conclab.queue.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A message broker and result backend in one: the SPI behind {@code memory:}, {@code sqlite:PATH} and
 * {@code redis://host:port/db}. Messages and results are opaque strings (JSON envelopes written by
 * {@link dev.conclab.queue.TaskQueue}); a broker never interprets them.
 *
 * <h2>Delivery contract (at-least-once)</h2>
 * <ul>
 *   <li>{@link #publish} is atomic: the message (and its idempotency key, if any) is stored entirely or not at
 *       all; when it returns, the message is durable as far as the broker is.</li>
 *   <li>A message becomes <em>ready</em> at its {@code visibleAt} time, and not before: a delayed message is
 *       never leased, so no lease can expire on it (unlike Celery on Redis, celery#2599).</li>
 *   <li>{@link #fetch} leases ready messages to one consumer for {@code lease}; a leased message is not given
 *       to anyone else until the lease runs out without {@link #extend}, {@link #ack}, {@link #requeue} or
 *       {@link #deadLetter}. A consumer that dies therefore has its messages redelivered after the lease.</li>
 *   <li>Completing a message ({@link #complete}, {@link #requeue}, {@link #deadLetter}) is atomic: the result
 *       or new message is stored and the old message removed together (or, for Redis, result first then the
 *       acknowledgement, so a crash between them gives a duplicate, never a loss).</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. Every method may throw {@link BrokerException} when the broker cannot
 * be reached; nothing is then half-done.
 */
public interface Broker extends AutoCloseable {

    /** The URL this broker was opened with. */
    String url();

    /**
     * Stores one message.
     *
     * @return {@code message.id()}, or, when the idempotency key is already held, the id of the message that holds it
     *         (and nothing is stored)
     */
    String publish(Outgoing message);

    /**
     * Leases up to {@code max} ready messages from {@code queues} to {@code consumer}, higher priority first,
     * waiting up to {@code wait} for one to arrive.
     */
    List<Delivery> fetch(String consumer, List<String> queues, int max, Duration lease, Duration wait)
            throws InterruptedException;

    /** Renews the lease on messages still being worked on (the worker's heartbeat). */
    void extend(String consumer, Collection<Delivery> deliveries, Duration lease);

    /** Removes a finished message without storing anything. */
    void ack(Delivery delivery);

    /**
     * Stores a result and removes the message it belongs to.
     *
     * @param replyTo the channel to notify through {@link #listen}, or null
     */
    void complete(Delivery delivery, String taskId, String resultJson, Duration resultTtl, String replyTo);

    /** Replaces a leased message by {@code body}, ready at {@code visibleAt} (epoch ms): a retry, or a release. */
    void requeue(Delivery delivery, String body, long visibleAt);

    /** Moves a message to the dead-letter queue with the reason it cannot be run. */
    void deadLetter(Delivery delivery, String reason);

    /** Stores a result without touching any message (STARTED, RETRY, progress). */
    void storeResult(String taskId, String resultJson, Duration ttl);

    Optional<String> result(String taskId);

    /** The results known among {@code taskIds}. */
    Map<String, String> results(Collection<String> taskIds);

    /**
     * Calls {@code onResult(taskId, resultJson)} whenever a result is completed with this {@code replyTo} channel,
     * on a thread of the broker's. Returns false when the broker cannot notify (results are then polled).
     */
    default boolean listen(String channel, BiConsumer<String, String> onResult) {
        return false;
    }

    /**
     * Waits up to {@code maxMillis} for a change a waiting producer should look at (a result stored), returning
     * early where the broker can tell; by default it just sleeps. Used between polls of {@link #results}.
     */
    default void awaitChange(long maxMillis) throws InterruptedException {
        Thread.sleep(maxMillis);
    }

    /** Records a worker's heartbeat; the worker is listed by {@link #workers()} until {@code ttl} passes without one. */
    void heartbeat(String workerId, String infoJson, Duration ttl);

    /** The last heartbeat (JSON) of every live worker. */
    List<String> workers();

    /** Per queue: messages ready, delayed (not yet due), and leased. */
    Map<String, QueueStats> stats();

    /** Up to {@code max} delayed messages' bodies, soonest first. */
    List<String> scheduled(int max);

    /** Up to {@code max} leased messages' bodies. */
    List<String> active(int max);

    /** Up to {@code max} dead letters, oldest first. */
    List<DeadLetter> deadLetters(int max);

    /** Removes the ready and delayed messages of {@code queue} (leased ones finish); returns how many. */
    long purge(String queue);

    /** A way to deliver a body that is not a valid envelope (tests of the dead-letter path). */
    default void publishRaw(String queue, String body) {
        publish(new Outgoing(java.util.UUID.randomUUID().toString(), queue, 0, 0, body, null, null));
    }

    @Override
    void close();

    /**
     * One message to store.
     *
     * @param id             the task id (unique)
     * @param visibleAt      epoch milliseconds before which the message is not ready (0: now)
     * @param idempotencyKey a key that at most one live message may hold, or null
     * @param keyTtl         how long the key is held
     */
    record Outgoing(String id, String queue, int priority, long visibleAt, String body, String idempotencyKey,
                    Duration keyTtl) {
    }

    /**
     * A leased message.
     *
     * @param tag        the broker's handle (row id, stream entry id …)
     * @param deliveries how many times it has been leased, this time included, where the broker counts (else 1)
     */
    record Delivery(String queue, int priority, String tag, String body, int deliveries) {
    }

    record DeadLetter(String queue, String body, String reason, long at) {
    }

    record QueueStats(long ready, long delayed, long leased) {
    }
}
