package dev.conclab.virtual;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Three ways to hand a request's context (a user, a trace id) to a million virtual threads,
 * measured while they all hold it: a {@link ThreadLocal} each thread sets, an
 * {@link InheritableThreadLocal} copied into every child at creation, and a {@link ScopedValue}
 * bound once and read by every subtask of a {@link StructuredTaskScope}. A thread-local map is
 * per thread; a scoped value's binding is shared, immutable, and gone when the scope ends.
 */
public final class ContextPassing {

    /** How the context travels. */
    public enum Way {
        THREAD_LOCAL("ThreadLocal set in each thread"),
        INHERITABLE("InheritableThreadLocal copied to each child"),
        SCOPED_VALUE("ScopedValue bound once, read in each subtask");

        private final String label;

        Way(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The context every thread reads: one object, shared. */
    public record Context(String user, String traceId) {
    }

    /**
     * @param wallNanos  from the first start to the last thread finished
     * @param growth     memory held while every thread holds the context, beyond what was held before
     * @param sawContext threads that read the right context
     */
    public record Outcome(Way way, int threads, long wallNanos, ProcessMemory growth, int sawContext) {

        public double heapBytesPerThread() {
            return threads == 0 ? 0 : (double) growth.heapUsedBytes() / threads;
        }
    }

    private static final ThreadLocal<Context> LOCAL = new ThreadLocal<>();
    private static final InheritableThreadLocal<Context> INHERITED = new InheritableThreadLocal<>();
    private static final ScopedValue<Context> SCOPED = ScopedValue.newInstance();

    private ContextPassing() {
    }

    public static Outcome run(Way way, int n) throws Exception {
        var context = new Context("ada", "trace-42");
        var saw = new AtomicInteger();
        var allHolding = new CountDownLatch(n);
        var release = new CountDownLatch(1);
        ProcessMemory before = ProcessMemory.snapshot();
        long t0 = System.nanoTime();
        ProcessMemory[] holding = new ProcessMemory[1];
        Runnable measureThenRelease = () -> {
            try {
                allHolding.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holding[0] = ProcessMemory.snapshot();
            release.countDown();
        };
        switch (way) {
            case THREAD_LOCAL -> {
                var threads = new Thread[n];
                for (int i = 0; i < n; i++) {
                    threads[i] = Thread.ofVirtual().start(() -> {
                        LOCAL.set(context);
                        hold(LOCAL.get() == context, saw, allHolding, release);
                    });
                }
                measureThenRelease.run();
                for (Thread t : threads) {
                    t.join();
                }
            }
            case INHERITABLE -> {
                INHERITED.set(context);
                try {
                    var threads = new Thread[n];
                    for (int i = 0; i < n; i++) {
                        threads[i] = Thread.ofVirtual().inheritInheritableThreadLocals(true)
                                .start(() -> hold(INHERITED.get() == context, saw, allHolding, release));
                    }
                    measureThenRelease.run();
                    for (Thread t : threads) {
                        t.join();
                    }
                } finally {
                    INHERITED.remove();
                }
            }
            case SCOPED_VALUE -> ScopedValue.where(SCOPED, context).call(() -> {
                try (var scope = StructuredTaskScope.open()) {
                    for (int i = 0; i < n; i++) {
                        scope.fork(() -> hold(SCOPED.get() == context, saw, allHolding, release));
                    }
                    measureThenRelease.run();
                    scope.join();
                }
                return null;
            });
        }
        long wall = System.nanoTime() - t0;
        return new Outcome(way, n, wall, before.growthTo(holding[0]), saw.get());
    }

    private static void hold(boolean right, AtomicInteger saw, CountDownLatch allHolding, CountDownLatch release) {
        if (right) {
            saw.incrementAndGet();
        }
        allHolding.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
