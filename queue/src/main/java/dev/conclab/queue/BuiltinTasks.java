package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Tasks every conclab worker knows, for the CLI, the demo, the chapter and tests:
 * <ul>
 *   <li>{@code noop()} → null; {@code echo(x)} → x; {@code add(a, b)} → a + b;</li>
 *   <li>{@code sleep(ms)} waits (interruptibly); {@code cpu(n)} computes n rounds of arithmetic;
 *       {@code spin(ms)} burns CPU and ignores interrupts (only a kill stops it);</li>
 *   <li>{@code fail(message)} always throws; {@code flaky(n)} throws on its first n attempts;</li>
 *   <li>{@code progress(steps, stepMs)} reports progress after every step;</li>
 *   <li>{@code record(path, sleepMs)} appends {@code id attempt pid epochMs} to the file, then sleeps: it counts
 *       executions across processes.</li>
 * </ul>
 */
public final class BuiltinTasks implements TaskSet {

    @Override
    public void register(TaskQueue q) {
        q.register("noop", ctx -> null);
        q.register("echo", ctx -> ctx.arg(0, JsonNode.class));
        q.register("add", ctx -> ctx.arg(0, long.class) + ctx.arg(1, long.class));
        q.register("sleep", ctx -> {
            long ms = ctx.arg(0, long.class);
            Thread.sleep(ms);
            return ms;
        });
        q.register("cpu", ctx -> cpu(ctx.arg(0, long.class)));
        q.register("spin", ctx -> {
            long end = System.nanoTime() + ctx.arg(0, long.class) * 1_000_000;
            long x = 0;
            while (System.nanoTime() < end) {
                x += cpu(1000);
            }
            return x;
        });
        q.register("fail", ctx -> {
            throw new IllegalStateException(ctx.args().isEmpty() ? "failed as asked" : ctx.arg(0, String.class));
        });
        q.register("flaky", ctx -> {
            int n = ctx.arg(0, int.class);
            if (ctx.attempt() < n) {
                throw new IllegalStateException("flaky: attempt " + (ctx.attempt() + 1) + " fails (first " + n + " do)");
            }
            return ctx.attempt();
        });
        q.register("progress", ctx -> {
            int steps = ctx.arg(0, int.class);
            long stepMs = ctx.arg(1, long.class);
            for (int i = 1; i <= steps; i++) {
                Thread.sleep(stepMs);
                ctx.progress(Map.of("done", i, "of", steps));
            }
            return steps;
        });
        q.register("record", ctx -> {
            Path path = Path.of(ctx.arg(0, String.class));
            long sleepMs = ctx.args().size() > 1 ? ctx.arg(1, long.class) : 0;
            String line = ctx.id() + " " + ctx.attempt() + " " + ProcessHandle.current().pid() + " " + System.currentTimeMillis() + "\n";
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            return ProcessHandle.current().pid();
        });
    }

    /** n rounds of integer mixing: CPU work with a result, so it cannot be optimised away. */
    public static long cpu(long n) {
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        return x;
    }
}
