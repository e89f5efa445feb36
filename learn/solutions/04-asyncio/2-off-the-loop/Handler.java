package exercises.asyncio.offloop;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Exercise 4.2, reference solution.
 */
public final class Handler {

    private Handler() {
    }

    /** Looks up the cache (blocking), then digests the body: the answer to a request. */
    static String lookupThenDigest(byte[] body) throws Exception {
        Thread.sleep(150); // stands for a blocking cache lookup
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** Answers a request with {@link #lookupThenDigest}, without blocking the loop thread. */
    public static LoopFuture<String> respond(EventLoop loop, byte[] body) {
        return loop.runInExecutor(() -> lookupThenDigest(body));
    }
}
