package exercises.asyncio.crawl;

import dev.conclab.loop.Async;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import dev.conclab.loop.LoopSemaphore;

import java.util.List;
import java.util.function.Function;

/**
 * Exercise 4.3, reference solution.
 */
public final class Crawler {

    private Crawler() {
    }

    /** Fetches every page, at most {@code limit} at a time; results in the order of {@code pages}. */
    public static LoopFuture<List<String>> fetchAll(EventLoop loop, List<String> pages,
                                                    Function<String, LoopFuture<String>> fetch, int limit) {
        var permits = new LoopSemaphore(loop, limit);
        List<LoopFuture<String>> fetches = pages.stream().map(page -> permits.withPermit(() -> fetch.apply(page))).toList();
        return Async.gather(fetches);
    }
}
