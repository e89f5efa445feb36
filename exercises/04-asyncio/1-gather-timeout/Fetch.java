package exercises.asyncio.gather;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exercise 4.1: gather what arrives within a timeout, cancel the rest.
 */
public final class Fetch {

    private Fetch() {
    }

    /**
     * Starts every fetch at once; completes, at {@code timeout} at the latest, with the results of
     * the fetches that succeeded in time, in the order of {@code fetches}; fetches still pending
     * then are cancelled.
     */
    public static LoopFuture<List<String>> allWithin(EventLoop loop, List<Supplier<LoopFuture<String>>> fetches,
                                                     Duration timeout) {
        // TODO: gather waits for every fetch, however slow. Wait at most `timeout`, keep what is
        //  done, and cancel what is still pending.
        List<LoopFuture<String>> started = fetches.stream().map(Supplier::get).toList();
        return Async.gather(started);
    }
}
