package exercises.asyncio.crawl;

import dev.conclab.learn.Hint;
import dev.conclab.loop.EventLoop;
import dev.conclab.loop.LoopFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CrawlerTest {

    static final int LIMIT = 10;

    record Crawl(List<String> results, int peak) {
    }

    static Crawl crawl(int pages) {
        try (var loop = EventLoop.create()) {
            int[] inFlight = {0};
            int[] peak = {0};
            Function<String, LoopFuture<String>> fetch = page -> {
                inFlight[0]++;
                peak[0] = Math.max(peak[0], inFlight[0]);
                return loop.sleep(Duration.ofMillis(5)).map(v -> "<html>" + page + "</html>").andFinally(() -> inFlight[0]--);
            };
            var names = IntStream.range(0, pages).mapToObj(i -> "page-" + i).toList();
            List<String> results = loop.runUntilComplete(loop.createTask(() -> Crawler.fetchAll(loop, names, fetch, LIMIT)));
            return new Crawl(results, peak[0]);
        }
    }

    @Test
    @DisplayName("never more than `limit` fetches in flight")
    @Hint("All 500 fetches were in flight at once. Start each as semaphore.withPermit(() -> fetch.apply(page)).")
    void boundedInFlight() {
        assertThat(crawl(500).peak()).as("most fetches in flight at once").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    @DisplayName("uses the whole limit: `limit` fetches run together")
    @Hint("Bounded is not sequential: with 10 permits, 10 fetches are in flight together.")
    void usesTheLimit() {
        assertThat(crawl(500).peak()).isEqualTo(LIMIT);
    }

    @Test
    @DisplayName("every page is fetched, results in the order of the pages")
    @Hint("Gather the futures in the order of the pages.")
    void everyPageInOrder() {
        var crawl = crawl(100);
        assertThat(crawl.results()).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(crawl.results().get(i)).isEqualTo("<html>page-" + i + "</html>");
        }
    }
}
