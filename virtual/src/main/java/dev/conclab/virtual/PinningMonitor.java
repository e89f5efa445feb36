package dev.conclab.virtual;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches for virtual threads that pin their carrier, with Java Flight Recorder's
 * {@code jdk.VirtualThreadPinned} event: a virtual thread that blocks while it cannot unmount
 * (inside a native frame, or while a class is being initialised) holds a carrier thread, one of
 * only as many as there are cores.
 *
 * <pre>{@code
 * try (var pins = PinningMonitor.start()) {
 *     runTheWorkload();
 *     List<PinningMonitor.Pin> found = pins.stop();
 * }
 * }</pre>
 *
 * <p>Events are recorded from {@link #start()} to {@link #stop()}, which waits until every
 * event of that span has been delivered. Thread-safe.
 */
public final class PinningMonitor implements AutoCloseable {

    /**
     * One pinned wait.
     *
     * @param thread   the virtual thread's name (or id)
     * @param duration how long it blocked while pinned
     * @param stack    the top frames of its stack, innermost first ("Class.method:line")
     */
    public record Pin(String thread, Duration duration, List<String> stack) {

        /** The innermost frame of the application's own code: below the JDK's frames. */
        public String where() {
            return stack.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
                    .findFirst().orElse(stack.isEmpty() ? "?" : stack.getFirst());
        }
    }

    private final RecordingStream stream;
    private final List<Pin> pins = new CopyOnWriteArrayList<>();
    private boolean stopped;

    private PinningMonitor(Duration threshold) {
        stream = new RecordingStream();
        stream.enable("jdk.VirtualThreadPinned").withThreshold(threshold).withStackTrace();
        stream.onEvent("jdk.VirtualThreadPinned", this::record);
        stream.startAsync();
    }

    /** Starts watching for pins of 1 ms or longer. */
    public static PinningMonitor start() {
        return start(Duration.ofMillis(1));
    }

    /** Starts watching for pins of {@code threshold} or longer. */
    public static PinningMonitor start(Duration threshold) {
        return new PinningMonitor(threshold);
    }

    private void record(RecordedEvent event) {
        var thread = event.getThread("eventThread");
        String name = thread == null ? "?" : thread.getJavaName() != null && !thread.getJavaName().isEmpty()
                ? thread.getJavaName() : "virtual-" + thread.getJavaThreadId();
        List<String> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames().stream()
                .limit(12).map(PinningMonitor::frame).toList();
        pins.add(new Pin(name, event.getDuration(), frames));
    }

    private static String frame(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
                + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
    }

    /** Stops watching and returns every pin seen since {@link #start()}. */
    public synchronized List<Pin> stop() {
        if (!stopped) {
            stopped = true;
            stream.stop();
        }
        return List.copyOf(pins);
    }

    @Override
    public synchronized void close() {
        stop();
        stream.close();
    }
}
