package dev.conclab.gil;

import java.util.ArrayList;
import java.util.List;

/** A {@link GilListener} that keeps every event, for tests that check the order of things. */
final class Events implements GilListener {

    enum Kind { REQUEST, TAKE, DROP }

    record Event(Kind kind, Thread thread, long atNanos, long waitedNanos, DropReason reason) {
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void dropRequested(Thread requester, Thread holder, long waitedNanos, long atNanos) {
        events.add(new Event(Kind.REQUEST, requester, atNanos, waitedNanos, null));
    }

    @Override
    public synchronized void taken(Thread thread, long waitedNanos, long atNanos) {
        events.add(new Event(Kind.TAKE, thread, atNanos, waitedNanos, null));
    }

    @Override
    public synchronized void dropped(Thread thread, DropReason reason, long atNanos) {
        events.add(new Event(Kind.DROP, thread, atNanos, 0, reason));
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    synchronized List<Event> of(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Threads in the order they took the GIL. */
    synchronized List<Thread> takers() {
        var takers = new ArrayList<Thread>();
        events.stream().filter(e -> e.kind() == Kind.TAKE).forEach(e -> takers.add(e.thread()));
        return takers;
    }
}
