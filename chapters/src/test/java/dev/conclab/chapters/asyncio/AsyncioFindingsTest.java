package dev.conclab.chapters.asyncio;

import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Findings follow the figures, including where the figures disagree with the textbook. */
class AsyncioFindingsTest {

    private static final Duration LATENCY = Duration.ofMillis(50);

    /** One HTTP row: in flight, wall (ms), requests/s, threads, RSS growth (MiB), failures. */
    private static Row http(String client, int n, int inFlight, double wallMillis, int threads, double rssMib, int failed) {
        double wall = wallMillis * 1e6;
        long rounds = (n + inFlight - 1) / inFlight;
        return new Row(HttpLoadExperiment.label(client, n), List.of(Value.of(inFlight), Value.of(wall), Value.of(n / (wall / 1e9)),
                Value.of(rounds * LATENCY.toNanos() / wall), Value.of(60e6), Value.of(90e6), Value.of(threads),
                Value.of(rssMib * 1024 * 1024), Value.of(20e6), Value.of(50_000), Value.of(failed)));
    }

    private static TableResult table(Row... rows) {
        return TableResult.of(HttpLoadExperiment.TABLE_ID, "t", "d", HttpLoadExperiment.COLUMNS, List.of(rows));
    }

    @Test
    void theUsualPictureLoopAndVirtualKeepUpThePoolsPayInThreads() {
        var t = table(http("loop", 1000, 1000, 200, 14, 1, 0), http("pool-100", 1000, 100, 560, 114, 8, 0),
                http("pool-1000", 1000, 1000, 400, 1014, 60, 0), http("virtual", 1000, 1000, 220, 15, 2, 0),
                http("send-async", 1000, 1000, 300, 40, 3, 0), http("aiohttp", 1000, 1000, 500, 1, 20, 0));
        var found = AsyncioFindings.http(t, List.of(1000), LATENCY);
        assertThat(found.getFirst()).startsWith("1000 requests at once").contains("the fastest was loop, 5000 requests/s");
        assertThat(found).anySatisfy(s -> assertThat(s).startsWith("Plain blocking code on virtual threads kept up with the loop").contains("(0.91x)"));
        assertThat(found).anySatisfy(s -> assertThat(s).contains("loop 14, virtual 15, send-async 40, pool-1000 1014, pool-100 114"));
        assertThat(found).anySatisfy(s -> assertThat(s).contains("10 rounds of 50.0 ms make at least 500 ms, and it took 560 ms. Its threads"));
        assertThat(found).anySatisfy(s -> assertThat(s).startsWith("Resident memory grew by 60.0 MiB for pool-1000's threads"));
        assertThat(found).anySatisfy(s -> assertThat(s).contains("aiohttp did 2000 requests/s").contains("2.50x as many"));
        assertThat(found).noneSatisfy(s -> assertThat(s).contains("failed"));
        assertThat(AsyncioFindings.chapter(t, List.of(1000))).singleElement().asString().contains("5000 requests/s on 14 platform threads");
    }

    @Test
    void whenTheDataDisagreeTheSentencesSaySo() {
        var slowVirtual = table(http("loop", 500, 500, 100, 14, 1, 0), http("virtual", 500, 500, 400, 15, 2, 0),
                http("aiohttp", 500, 500, 50, 1, 20, 0));
        var found = AsyncioFindings.http(slowVirtual, List.of(500), LATENCY);
        assertThat(found).anySatisfy(s -> assertThat(s).startsWith("Plain blocking code on virtual threads fell behind the loop"));
        assertThat(found).anySatisfy(s -> assertThat(s).contains("(slower than CPython here)"));
        assertThat(found.getFirst()).contains("the fastest was aiohttp");

        var fastVirtual = table(http("loop", 500, 500, 400, 14, 1, 0), http("virtual", 500, 500, 100, 15, 2, 0));
        assertThat(AsyncioFindings.http(fastVirtual, List.of(500), LATENCY))
                .anySatisfy(s -> assertThat(s).startsWith("Plain blocking code on virtual threads outpaced the loop"));

        var slowPool = table(http("loop", 500, 500, 100, 14, 1, 0), http("pool-100", 500, 100, 900, 114, 8, 0));
        assertThat(AsyncioFindings.http(slowPool, List.of(500), LATENCY))
                .anySatisfy(s -> assertThat(s).contains("it took 900 ms. The machine added 650 ms on top of that"));

        var failing = table(http("loop", 500, 500, 100, 14, 1, 0), http("pool-1000", 500, 500, 100, 514, 30, 7));
        assertThat(AsyncioFindings.http(failing, List.of(500), LATENCY)).last().asString().contains("pool-1000 7");
    }

    @Test
    void sentencesAboutClientsThatDidNotRunAreLeftOut() {
        var onlyLoop = table(http("loop", 200, 200, 100, 14, 1, 0));
        var found = AsyncioFindings.http(onlyLoop, List.of(200), LATENCY);
        assertThat(found).hasSize(1);
        assertThat(AsyncioFindings.chapter(onlyLoop, List.of(200))).isEmpty();
    }

    @Test
    void sleepNamesWhicheverScheduledTheWaitsForLess() {
        var rows = new ArrayList<Row>();
        rows.add(new Row(SleepExperiment.LOOP, List.of(Value.of(130e6), Value.of(30e6), Value.of(14))));
        rows.add(new Row(SleepExperiment.VIRTUAL, List.of(Value.of(110e6), Value.of(10e6), Value.of(16))));
        var t = TableResult.of(SleepExperiment.ID, "t", "d", SleepExperiment.COLUMNS, rows);
        assertThat(AsyncioFindings.sleep(t)).singleElement().asString().contains("virtual threads scheduled the waits for less");
    }

    @Test
    void stylesReportTimesLinesAndADisagreementInResults() {
        var t = TableResult.of(StylesExperiment.ID, "t", "d", StylesExperiment.COLUMNS, List.of(
                new Row(StylesExperiment.FUTURES, List.of(Value.of(14), Value.of(300e6), Value.of(14), Value.of(1000))),
                new Row(StylesExperiment.BLOCKING, List.of(Value.of(20), Value.of(900e6), Value.of(16), Value.of(999)))));
        var found = AsyncioFindings.styles(t);
        assertThat(found.get(0)).contains("ran slower than the future-style one");
        assertThat(found.get(1)).contains("14 in future style, 20 in blocking style");
        assertThat(found.get(2)).contains("disagree on the bytes fetched");
    }

    @Test
    void aBlockingCallThatChangedNothingIsCalledUnexpected() {
        var t = TableResult.of(BlockingExperiment.ID, "t", "d", BlockingExperiment.COLUMNS, List.of(
                new Row(BlockingExperiment.CLEAN, List.of(Value.of(1e6), Value.of(2e6), Value.of(3e6), Value.text("nothing"))),
                new Row(BlockingExperiment.BLOCKED, List.of(Value.of(1e6), Value.of(2e6), Value.of(3.5e6), Value.text("nothing")))));
        assertThat(AsyncioFindings.blocking(t)).singleElement().asString().contains("unexpected");

        var blocked = TableResult.of(BlockingExperiment.ID, "t", "d", BlockingExperiment.COLUMNS, List.of(
                new Row(BlockingExperiment.CLEAN, List.of(Value.of(1e6), Value.of(2e6), Value.of(3e6), Value.text("nothing"))),
                new Row(BlockingExperiment.BLOCKED, List.of(Value.of(1e6), Value.of(2e8), Value.of(2e8),
                        Value.text("BLOCKING_CALL: blocking call Thread.sleep on the loop thread")))));
        assertThat(AsyncioFindings.blocking(blocked)).hasSize(2).last().asString().contains("Thread.sleep");
    }

    @Test
    void programLinesCountOnlyCodeBetweenTheMarkers() {
        assertThat(StylesExperiment.countProgramLines(List.of("class X {", "    // program:start", "    int a;", "", "    // note",
                "    /* c */", "    int b;", "    // program:end", "    int c;"))).isEqualTo(2);
        assertThat(StylesExperiment.programLines("FutureStyle.java")).isPresent();
        assertThat(StylesExperiment.programLines("BlockingStyle.java")).isPresent();
    }
}
