package dev.conclab.chapters.gevent;

import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeventFindingsTest {

    private static Row crowd(String label, int started, double rate, double heap, double nativeBytes, int completed, String note) {
        return new Row(label, List.of(Value.of(started), Value.of(rate), Value.of(heap), Value.of(nativeBytes),
                Value.of(heap + nativeBytes), Value.of(1e6), Value.of(completed), Value.text(note)));
    }

    private static TableResult crowds(Row... rows) {
        return TableResult.of("crowds", "t", "d", GeventChapter.CROWD_COLUMNS, List.of(rows));
    }

    @Test
    void comparesTheLargestVirtualAndPlatformCrowdsFromTheirFigures() {
        var t = crowds(crowd("virtual x 10,000", 10_000, 50_000, 1200, 100, 10_000, "all started"),
                crowd("virtual x 100,000", 100_000, 120_000, 1000, 24, 100_000, "all started"),
                crowd("platform x 10,000", 10_000, 20_000, 300, 9_700, 10_000, "all started"));
        List<String> found = GeventFindings.crowds(t);
        assertThat(found.getFirst()).isEqualTo("A waiting virtual thread cost 1.00 KiB (1000 B of it heap; virtual x 100,000), "
                + "a waiting platform thread 9.77 KiB (9.47 KiB of it native: its stack; platform x 10,000): 9.77x as much.");
        assertThat(found.get(1)).isEqualTo("Virtual threads started at 120000 a second, platform threads at 20000.");
        assertThat(found).hasSize(2);
    }

    @Test
    void comparesAWaitingLoopTaskWithAWaitingVirtualThread() {
        var t = crowds(crowd("virtual x 100,000", 100_000, 120_000, 1000, 24, 100_000, "all started"),
                crowd("event loop x 100,000", 100_000, 900_000, 256, 0, 100_000, "one thread; tasks are futures and timers"));
        List<String> found = GeventFindings.crowds(t);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst()).startsWith("A waiting task on the event loop held 256 B of heap (event loop x 100,000), "
                + "a waiting virtual thread 1.00 KiB (virtual x 100,000): the loop's task is 4.00x smaller.");
    }

    @Test
    void saysWhenPlatformThreadsStoppedAndWhenTasksDidNotRunExactlyOnce() {
        var t = crowds(crowd("virtual x 1,000", 1_000, 1, 1000, 0, 999, "all started"),
                crowd("platform x 100,000", 28_000, 1, 300, 9_000, 28_000, "stopped at 28000 …"));
        assertThat(GeventFindings.crowds(t)).contains("virtual x 1,000: only 999 of 1000 threads ran exactly once.",
                "platform x 100,000: stopped at 28000 ….");
    }

    @Test
    void pinnedAndUnpinnedCasesAreToldApartByTheirPinsNotByTheirNames() {
        var columns = List.of(new Column("wall", "w", "ns"), new Column("pins", "p", "count"), new Column("threads", "t", "count"),
                new Column("hold", "h", "ns"), new Column("where", "at", null));
        var t = TableResult.of("pinning", "t", "d", columns, List.of(
                new Row("sleep inside synchronized", List.of(Value.of(52e6), Value.of(0), Value.of(8), Value.of(50e6), Value.text("no pinned wait seen"))),
                new Row("sleep in a static initialiser", List.of(Value.of(205e6), Value.of(8), Value.of(8), Value.of(50e6), Value.text("SlowInit.<clinit>:20")))));
        List<String> found = GeventFindings.pinning(t, 2);
        assertThat(found.get(0)).startsWith("Sleep inside synchronized does not pin").contains("52.0 ms").contains("about 200 ms");
        assertThat(found.get(1)).startsWith("Sleep in a static initialiser pins: JFR saw 8 pinned waits (at SlowInit.<clinit>:20)")
                .contains("205 ms").contains("200 ms that 8 threads take in turns on 2 carriers");
    }

    @Test
    void aSkippedPeerSaysWhyInsteadOfGivingFigures() {
        var peer = TableResult.of("gevent", "t", "skipped: CPython 3.11.2 lacks the module gevent (apt-get install python3-gevent)",
                List.of(new Column("wall", "w", "ns")), List.of());
        assertThat(GeventFindings.peer(peer, crowds())).singleElement().asString()
                .contains("apt-get install python3-gevent");
    }
}
