package exercises.asyncio.offloop;

import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Exercise 4.2: a handler whose blocking work must not run on the loop thread.
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
        // TODO: this runs the blocking work right here, on the loop thread: every other callback
        //  waits 150 ms. Run it in the loop's executor and return its future.
        try {
            return loop.completed(lookupThenDigest(body));
        } catch (Exception e) {
            return loop.failed(e);
        }
    }
}
