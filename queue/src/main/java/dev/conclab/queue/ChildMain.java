package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conclab.queue.broker.Brokers;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the processes pool: registers the TaskSet classes named in its arguments, then runs one
 * task per line read on stdin and answers one JSON line on stdout (progress lines before it). Its own
 * {@code System.out} goes to stderr, so tasks that print cannot corrupt the protocol.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        var proto = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        var queue = TaskQueue.over(Brokers.open("memory:__child-" + ProcessHandle.current().pid()));
        for (String cls : args) {
            queue.register((TaskSet) Class.forName(cls).getDeclaredConstructor().newInstance());
        }
        var timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode req = Json.read(line);
            String task = req.path("task").asText();
            var ctx = new Worker.Ctx(req.path("id").asText(), task, req.path("attempt").asInt(), (ArrayNode) req.get("args"),
                    meta -> emit(proto, Json.NODES.objectNode().put("t", "progress").set("meta", Json.tree(meta))));
            Thread self = Thread.currentThread();
            long softMs = req.path("softMs").asLong();
            ScheduledFuture<?> soft = softMs > 0 ? timer.schedule(() -> {
                ctx.soft = true;
                self.interrupt();
            }, softMs, TimeUnit.MILLISECONDS) : null;
            ObjectNode done = Json.NODES.objectNode().put("t", "done");
            TaskQueue.Registered r = queue.task(task);
            try {
                if (r == null) {
                    done.put("kind", "badargs").put("error", "unknown task '" + task + "' in the child JVM");
                } else {
                    Object v = r.task().run(ctx);
                    done.put("kind", "ok").set("result", Json.tree(v));
                }
            } catch (TaskContext.RetryRequest e) {
                done.put("kind", "retry").put("afterMs", e.after().toMillis());
            } catch (TaskContext.BadArgumentsException e) {
                done.put("kind", "badargs").put("error", e.getMessage());
            } catch (TaskContext.FailNow e) {
                done.put("kind", "fatal").put("error", e.getMessage());
            } catch (Throwable t) {
                done.put("kind", "fail").put("error", (ctx.soft ? "soft time limit exceeded: " : "") + Worker.describe(t));
            }
            if (soft != null) {
                soft.cancel(false);
            }
            Thread.interrupted();
            emit(proto, done);
        }
    }

    private static synchronized void emit(PrintStream proto, JsonNode line) {
        proto.print(line.toString());
        proto.print('\n');
        proto.flush();
    }
}
