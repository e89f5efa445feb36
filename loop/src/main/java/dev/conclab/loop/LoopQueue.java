package dev.conclab.loop;

import java.util.ArrayDeque;

/**
 * A FIFO queue for producer and consumer tasks on one loop ({@code asyncio.Queue}):
 * {@link #put} waits (as a future) while a bounded queue is full, {@link #get} waits while it is
 * empty; neither blocks the thread. {@link #taskDone()} and {@link #join()} track items that were
 * taken but not yet processed, as in asyncio.
 *
 * <p><b>Nothing accepted is lost:</b> an item handed to a getter whose consumer was cancelled
 * before taking it goes back to the head of the queue (see {@link LoopFuture#onUnclaimed}).
 *
 * <pre>{@code
 * var queue = new LoopQueue<URI>(loop, 100);     // producers wait when 100 are queued
 * LoopFuture<Void> worker() {
 *     return queue.get().then(url -> fetch(url)).then(page -> { queue.taskDone(); return worker(); });
 * }
 * }</pre>
 *
 * <p>Loop-bound: use it on the loop thread.
 *
 * @param <T> the type of the items
 */
public final class LoopQueue<T> {

    private final EventLoop loop;
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ArrayDeque<LoopFuture<T>> getters = new ArrayDeque<>();
    private final ArrayDeque<Putter<T>> putters = new ArrayDeque<>();
    private final LoopEvent finished;
    private int unfinished;

    private record Putter<T>(T item, LoopFuture<Void> done) {
    }

    /** An unbounded queue. */
    public LoopQueue(EventLoop loop) {
        this(loop, 0);
    }

    /** A queue of at most {@code capacity} items; 0 means unbounded. */
    public LoopQueue(EventLoop loop, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 (0 = unbounded), got " + capacity);
        }
        this.loop = loop;
        this.capacity = capacity;
        this.finished = new LoopEvent(loop);
        finished.set();
    }

    /** {@code await queue.put(item)}: completes when the item is in the queue (or handed to a getter). */
    public LoopFuture<Void> put(T item) {
        loop.checkThread("LoopQueue.put");
        var done = new LoopFuture<Void>(loop);
        if (offer(item)) {
            done.tryComplete(null);
            return done;
        }
        var putter = new Putter<>(item, done);
        putters.add(putter);
        done.onCancel(() -> putters.remove(putter));
        return done;
    }

    /** {@code put_nowait}: adds the item if there is room; never waits. */
    public boolean offer(T item) {
        loop.checkThread("LoopQueue.offer");
        if (capacity > 0 && items.size() >= capacity && getters.isEmpty()) {
            return false;
        }
        unfinished++;
        finished.clear();
        deliver(item, false);
        return true;
    }

    /** {@code await queue.get()}: the next item, when there is one. Cancelling it while waiting gives up the place in line. */
    public LoopFuture<T> get() {
        loop.checkThread("LoopQueue.get");
        var getter = new LoopFuture<T>(loop);
        getter.onUnclaimed(this::giveBack);
        T item = items.poll();
        if (item != null) {
            getter.tryComplete(item);
            admitPutter();
            return getter;
        }
        getters.add(getter);
        getter.onCancel(() -> getters.remove(getter));
        return getter;
    }

    /** {@code get_nowait}: the next item, or null if the queue is empty; never waits. */
    public T poll() {
        loop.checkThread("LoopQueue.poll");
        T item = items.poll();
        if (item != null) {
            admitPutter();
        }
        return item;
    }

    /** Marks one item taken earlier as processed. */
    public void taskDone() {
        loop.checkThread("LoopQueue.taskDone");
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than there were items");
        }
        if (--unfinished == 0) {
            finished.set();
        }
    }

    /** {@code await queue.join()}: completes when every item put has been marked done. */
    public LoopFuture<Void> join() {
        return finished.waitSet();
    }

    public int size() {
        return items.size();
    }

    public int capacity() {
        return capacity;
    }

    private void deliver(T item, boolean atHead) {
        LoopFuture<T> getter;
        while ((getter = getters.poll()) != null) {
            if (getter.tryComplete(item)) {
                return;
            }
        }
        if (atHead) {
            items.addFirst(item);
        } else {
            items.add(item);
        }
    }

    private void giveBack(T item) {
        deliver(item, true);
    }

    private void admitPutter() {
        Putter<T> putter;
        while ((capacity == 0 || items.size() < capacity) && (putter = putters.poll()) != null) {
            if (!putter.done().isDone()) {
                unfinished++;
                finished.clear();
                deliver(putter.item(), false);
                putter.done().tryComplete(null);
            }
        }
    }
}
