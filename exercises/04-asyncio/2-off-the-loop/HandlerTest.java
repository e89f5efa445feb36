package exercises.asyncio.offloop;

import dev.conclab.learn.Hint;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopDiagnostic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HandlerTest {

    record Run(String answer, List<LoopDiagnostic> diagnostics, int ticks) {
    }

    /** Answers one request while a 10 ms ticker runs on the same loop; counts the ticks it got in. */
    static Run run() {
        var diagnostics = new CopyOnWriteArrayList<LoopDiagnostic>();
        try (var loop = EventLoop.builder().debug(true).slowCallback(Duration.ofMillis(50)).diagnostics(diagnostics::add).build()) {
            int[] ticks = {0};
            boolean[] done = {false};
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (!done[0]) {
                    ticks[0]++;
                    loop.callLater(Duration.ofMillis(10), tick[0]);
                }
            };
            String answer = loop.runUntilComplete(loop.createTask(() -> {
                loop.callSoon(tick[0]);
                return loop.sleep(Duration.ofMillis(5)).then(v -> Handler.respond(loop, "hello".getBytes()))
                        .andFinally(() -> done[0] = true);
            }));
            return new Run(answer, List.copyOf(diagnostics), ticks[0]);
        }
    }

    @Test
    @DisplayName("the loop is never blocked while the request is answered")
    @Hint("Debug mode saw the loop thread blocked in the handler. Return loop.runInExecutor(() -> lookupThenDigest(body)).")
    void loopNeverBlocked() {
        var run = run();
        assertThat(run.diagnostics()).extracting(LoopDiagnostic::kind)
                .doesNotContain(LoopDiagnostic.Kind.SLOW_CALLBACK, LoopDiagnostic.Kind.BLOCKING_CALL);
    }

    @Test
    @DisplayName("other callbacks keep running while the work is done")
    @Hint("A 10 ms ticker on the same loop should tick through the 150 ms of work; it could not, because the loop thread was busy.")
    void otherCallbacksRun() {
        assertThat(run().ticks()).as("ticks of a 10 ms ticker during the request").isGreaterThanOrEqualTo(5);
    }

    @Test
    @DisplayName("the answer is the body's SHA-256")
    @Hint("Moving the work must not change its result.")
    void rightAnswer() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes()));
        assertThat(run().answer()).isEqualTo(expected);
    }
}
