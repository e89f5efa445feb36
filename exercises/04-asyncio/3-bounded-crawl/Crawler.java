package exercises.asyncio.crawl;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;

import java.util.List;
import java.util.function.Function;

/**
 * Exercise 4.3: a crawl with a bounded number of fetches in flight.
 */
public final class Crawler {

    private Crawler() {
    }

    /** Fetches every page, at most {@code limit} at a time; results in the order of {@code pages}. */
    public static LoopFuture<List<String>> fetchAll(EventLoop loop, List<String> pages,
                                                    Function<String, LoopFuture<String>> fetch, int limit) {
        // TODO: every fetch starts at once. Let at most `limit` be in flight (LoopSemaphore.withPermit).
        List<LoopFuture<String>> fetches = pages.stream().map(fetch).toList();
        return Async.gather(fetches);
    }
}
