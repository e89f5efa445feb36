package dev.conclab.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60) // deadlock guard only
class DebugModeTest {

    private final List<LoopDiagnostic> reports = new CopyOnWriteArrayList<>();

    private EventLoop debugLoop() {
        return EventLoop.builder().debug(true).slowCallback(Duration.ofMillis(50)).diagnostics(reports::add).build();
    }

    private List<LoopDiagnostic> of(LoopDiagnostic.Kind kind) {
        return reports.stream().filter(d -> d.kind() == kind).toList();
    }

    @Test
    void aSlowCallbackIsReportedWithWhereItWasBusyAndWhereItWasScheduled() {
        try (var loop = debugLoop()) {
            loop.callSoon(DebugModeTest::computeFor150ms);
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
        }
        assertThat(of(LoopDiagnostic.Kind.SLOW_CALLBACK)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("DebugModeTest").contains("threshold 50 ms");
            assertThat(d.stack()).anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo("computeFor150ms"));
        });
        assertThat(of(LoopDiagnostic.Kind.BLOCKING_CALL)).isEmpty(); // computing is slow, but it is not a blocking call
    }

    private static void computeFor150ms() {
        long end = System.nanoTime() + 150_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    @Test
    void aSleepOnTheLoopThreadIsDetectedAndNamedWhileItBlocks() {
        try (var loop = debugLoop()) {
            loop.callSoon(DebugModeTest::sleepOnTheLoop);
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
        }
        assertThat(of(LoopDiagnostic.Kind.BLOCKING_CALL)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("Thread.sleep").contains("sleepOnTheLoop");
            assertThat(d.stack()).isNotEmpty();
        });
        assertThat(of(LoopDiagnostic.Kind.SLOW_CALLBACK)).hasSize(1);
    }

    private static void sleepOnTheLoop() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBlockingSocketReadOnTheLoopThreadIsNamed() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             var loop = debugLoop()) {
            socket.setSoTimeout(300);
            loop.callSoon(() -> readBlocking(socket));
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
        }
        assertThat(of(LoopDiagnostic.Kind.BLOCKING_CALL)).singleElement().satisfies(d ->
                assertThat(d.message()).containsIgnoringCase("read").contains("readBlocking"));
    }

    private static void readBlocking(Socket socket) {
        try {
            socket.getInputStream().read();
        } catch (IOException e) {
            // The read times out: that is the point.
        }
    }

    @Test
    void quickCallbacksAreNotReported() {
        try (var loop = debugLoop()) {
            for (int i = 0; i < 100; i++) {
                loop.callSoon(() -> { });
            }
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(100)));
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void aFailureNobodyRetrievedIsReportedWhenTheFutureIsCollected() throws Exception {
        try (var loop = debugLoop()) {
            failSomewhere(loop, "nobody looks at me");
            LoopFuture<String> retrieved = loop.failed(new IOException("somebody looked"));
            retrieved.exception();
            for (int i = 0; i < 100 && of(LoopDiagnostic.Kind.UNRETRIEVED_FAILURE).isEmpty(); i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(of(LoopDiagnostic.Kind.UNRETRIEVED_FAILURE)).singleElement().satisfies(d -> {
                assertThat(d.failure()).hasMessage("nobody looks at me");
                assertThat(d.message()).contains("failSomewhere"); // debug mode: where the future was made
            });
            assertThat(retrieved.isFailed()).isTrue(); // still referenced: retrieved anyway
        }
    }

    private static void failSomewhere(EventLoop loop, String message) {
        LoopFuture<String> f = loop.createFuture();
        f.fail(new IOException(message));
    }

    @Test
    void withoutDebugModeNothingIsTimedButFailuresAreStillReported() {
        try (var loop = EventLoop.builder().debug(false).diagnostics(reports::add).build()) {
            loop.callSoon(DebugModeTest::sleepOnTheLoop);
            loop.callSoon(() -> {
                throw new IllegalStateException("reported in any mode");
            });
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
        }
        assertThat(reports).extracting(LoopDiagnostic::kind).containsExactly(LoopDiagnostic.Kind.CALLBACK_FAILED);
    }
}
