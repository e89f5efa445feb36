package dev.conclab.loop;

import java.util.List;
import java.util.Set;

/**
 * Debug mode's eye on the loop thread: a daemon thread that looks, a few times per threshold,
 * at what the loop thread is doing. While one callback runs longer than the slow-callback
 * threshold it takes the loop thread's stack at every look; the first time the thread is parked, sleeping, waiting for a
 * lock or inside a blocking native call (socket, file, DNS, process), it reports the blocking
 * call by name at once, while the loop is still stuck in it. The last stack is also kept for the
 * slow-callback report the loop makes when the callback returns.
 *
 * <p>Sampling instead of instrumenting every blocking API is what makes this work for any
 * library: the loop does not need to know the call, only to see its thread stopped in it.
 */
final class Watchdog implements Runnable {

    /** A stack of the loop thread taken during callback number {@code sequence}. */
    record Sample(long sequence, List<StackTraceElement> stack) {
    }

    /** Native methods that block the calling thread on I/O while it shows as RUNNABLE. */
    private static final Set<String> BLOCKING_NATIVE_PACKAGES = Set.of("sun.nio.ch", "sun.nio.fs", "java.io", "java.net",
            "java.lang.ProcessHandleImpl", "java.lang.ProcessImpl");

    private final EventLoop loop;
    private final Thread loopThread;
    private final long thresholdNanos;
    private final Thread thread;
    private volatile boolean running = true;

    private Watchdog(EventLoop loop, Thread loopThread, long thresholdNanos) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.thresholdNanos = thresholdNanos;
        this.thread = Thread.ofPlatform().daemon().name(loop.name() + "-watchdog").unstarted(this);
    }

    static Watchdog start(EventLoop loop, Thread loopThread, long thresholdNanos) {
        var watchdog = new Watchdog(loop, loopThread, thresholdNanos);
        watchdog.thread.start();
        return watchdog;
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void run() {
        long period = Math.max(1_000_000, thresholdNanos / 5);
        long reportedSequence = -1;
        while (running) {
            try {
                Thread.sleep(period / 1_000_000, (int) (period % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long started = loop.callbackStarted();
            long sequence = loop.callbackSequence();
            if (started == 0 || System.nanoTime() - started < thresholdNanos) {
                continue;
            }
            // Look again on every period while the same callback runs: it may compute first and block later.
            Thread.State state = loopThread.getState();
            List<StackTraceElement> stack = List.of(loopThread.getStackTrace());
            if (loop.callbackSequence() != sequence || loop.callbackStarted() == 0) {
                continue; // the callback ended while we looked
            }
            loop.sampled(new Sample(sequence, stack));
            String call = sequence == reportedSequence ? null : blockingCall(state, stack);
            if (call != null) {
                reportedSequence = sequence;
                loop.report(new LoopDiagnostic(LoopDiagnostic.Kind.BLOCKING_CALL,
                        "blocking call %s on the loop thread of %s, made by %s; the loop has served nothing for %.0f ms. Run it with runInExecutor, or use the loop's own API for it"
                                .formatted(call, loop.name(), firstUserFrame(stack), (System.nanoTime() - started) / 1e6),
                        null, stack));
            }
        }
    }

    /**
     * The blocking call the loop thread is in, as "Thread.sleep" or "Socket$SocketInputStream.read",
     * or null if the thread is computing. The call named is the JDK method that user code called:
     * the last JDK frame before the first frame outside the JDK.
     */
    static String blockingCall(Thread.State state, List<StackTraceElement> stack) {
        if (stack.isEmpty()) {
            return null;
        }
        boolean stopped = state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        StackTraceElement top = stack.getFirst();
        boolean inBlockingNative = top.isNativeMethod() && BLOCKING_NATIVE_PACKAGES.stream().anyMatch(p -> top.getClassName().startsWith(p));
        if (!stopped && !inBlockingNative) {
            return null;
        }
        if (state == Thread.State.BLOCKED) {
            return "synchronized (waiting for a monitor) in " + name(stack.getFirst());
        }
        int user = firstUserIndex(stack);
        StackTraceElement api = user > 0 ? stack.get(user - 1) : top;
        return name(api);
    }

    /** The innermost frame outside the JDK, as text, or the innermost frame if all are JDK frames. */
    static String firstUserFrame(List<StackTraceElement> stack) {
        int user = firstUserIndex(stack);
        return stack.isEmpty() ? "?" : stack.get(Math.max(0, user)).toString();
    }

    private static int firstUserIndex(List<StackTraceElement> stack) {
        for (int i = 0; i < stack.size(); i++) {
            if (!isJdk(stack.get(i).getClassName())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    private static String name(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
    }
}
