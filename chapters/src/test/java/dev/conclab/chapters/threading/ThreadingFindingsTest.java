package dev.conclab.chapters.threading;

import dev.conclab.chapters.basics.Synthetic;
import dev.conclab.gil.GilStats;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Chapter 2's sentences follow the figures, including where the figures disagree with the textbook. */
class ThreadingFindingsTest {

    private static final String GIL = GilThreadsModel.GIL;
    private static final String FREE = GilThreadsModel.FREE_THREADED;

    /** 2 and 8 CPU-bound tasks; the GIL threads' wall times are the parameters. */
    private static GridResult cpu(double gilAt2, double gilAt8) {
        return new Synthetic(Workload.Kind.CPU)
                .model("sequential", 1).model("threads", 0).model(GIL, 0).model(FREE, 0)
                .cell("sequential", 2, 20, 0.5, 10, 1).cell("threads", 2, 10.5, 0.97, 12, 2)
                .cell(GIL, 2, gilAt2, 0.5, 12, 2).cell(FREE, 2, 10.6, 0.96, 12, 2)
                .cell("sequential", 8, 80, 0.5, 10, 1).cell("threads", 8, 41, 0.98, 18, 8)
                .cell(GIL, 8, gilAt8, 0.51, 18, 8).cell(FREE, 8, 41.5, 0.97, 18, 8)
                .build();
    }

    @Test
    void cpuFindingsNameEachModelsSpeedupAndBlameTheLock() {
        List<String> found = ThreadingFindings.cpu(cpu(20.4, 84));
        assertThat(found.get(0)).isEqualTo("2 CPU-bound tasks on 2 threads, 2 cores, speedup over sequential: "
                + "Java threads 1.90x, GIL threads (simulator) 0.98x, free-threaded (simulator) 1.89x.");
        assertThat(found.get(1)).isEqualTo("Under the GIL only one thread runs at a time, so CPU-bound threads gained nothing from 2 cores: "
                + "0.98x at 2 threads; the same threads without the GIL (free-threaded) reached 1.89x. The lock, not the threads, is the bottleneck.");
        assertThat(found.get(2)).startsWith("At 8 threads GIL threads were 5% slower than sequential (0.95x)");
        assertThat(found.get(3)).isEqualTo("CPU use at 8 tasks, in cores kept busy (of 2): GIL threads 1, threads 2. "
                + "A GIL never lets interpreted code use more than one.");
    }

    @Test
    void aGilThatSpedUpCpuWorkIsReportedAsMeasuredNotExplainedAway() {
        List<String> found = ThreadingFindings.cpu(cpu(12, 79));
        assertThat(found).anySatisfy(s -> assertThat(s).startsWith("GIL threads reached 1.67x at 2 threads, more than the 1.00x a GIL allows"));
        assertThat(found).noneSatisfy(s -> assertThat(s).contains("gained nothing"));
        assertThat(found).noneSatisfy(s -> assertThat(s).contains("slower than sequential"));
    }

    @Test
    void whenNothingSpedUpNotEvenWithoutAGilTheRunIsCalledInconclusive() {
        GridResult busy = new Synthetic(Workload.Kind.CPU)
                .model("sequential", 1).model("threads", 0).model(GIL, 0).model(FREE, 0)
                .cell("sequential", 2, 20, 0.5, 10, 1).cell("threads", 2, 21, 0.5, 12, 2)
                .cell(GIL, 2, 22, 0.5, 12, 2).cell(FREE, 2, 19, 0.5, 12, 2)
                .build();
        List<String> found = ThreadingFindings.cpu(busy);
        assertThat(found).contains("No model sped CPU work up here, not even without a GIL (at best 1.05x at 2 threads): the cores were busy "
                + "with other work, so this run cannot show what the GIL costs. Run it again on a quieter machine.");
        assertThat(found).noneSatisfy(s -> assertThat(s).contains("bottleneck"));
        assertThat(found).noneSatisfy(s -> assertThat(s).startsWith("CPU use"));
        assertThat(ThreadingFindings.chapter(busy, waits(11), Optional.empty()).getFirst()).doesNotContain("not for computing");
    }

    @Test
    void withoutTheGilModelTheCpuFindingsSayOnlyWhatWasMeasured() {
        GridResult onlyJava = new Synthetic(Workload.Kind.CPU).model("sequential", 1).model("threads", 0)
                .cell("sequential", 2, 20, 0.5, 10, 1).cell("threads", 2, 10.5, 0.97, 12, 2).build();
        assertThat(ThreadingFindings.cpu(onlyJava)).containsExactly(
                "2 CPU-bound tasks on 2 threads, 2 cores, speedup over sequential: Java threads 1.90x.");
    }

    private static GridResult waits(double gilAt8) {
        return new Synthetic(Workload.Kind.WAIT).model("sequential", 1).model("threads", 0).model(GIL, 0)
                .cell("sequential", 8, 81, 0.01, 10, 1).cell("threads", 8, 10.6, 0.02, 18, 8).cell(GIL, 8, gilAt8, 0.02, 18, 8)
                .build();
    }

    @Test
    void waitsOverlapUnderTheGilOrTheFindingsSayTheyDidNot() {
        assertThat(ThreadingFindings.waits(waits(11))).containsExactly(
                "8 waits of 10.0 ms on GIL threads took 11.0 ms (limit 10.0 ms), 7.36x sequential; Java threads took 10.6 ms: "
                        + "a thread lets go of the GIL while it waits, so waits overlap under the GIL as they do without it.");
        assertThat(ThreadingFindings.waits(waits(80)).getFirst())
                .startsWith("8 waits of 10.0 ms on GIL threads took 80.0 ms, far above the 10.0 ms limit; Java threads took 10.6 ms: the waits did not overlap");
    }

    private static SeriesResult sideBySide(double simulator, double cpython) {
        return SeriesResult.of("cpu-side-by-side", "t", "d", "threads", "speedup", "x", false, false, List.of(1.0, 2.0, 4.0), List.of(
                new SeriesResult.Series("Java threads", List.of(Stat.exactly(1), Stat.exactly(1.95), Stat.exactly(1.9)), false),
                new SeriesResult.Series(Labels.GIL_SIM, List.of(Stat.exactly(1), Stat.exactly(simulator), Stat.exactly(0.97)), false),
                new SeriesResult.Series("CPython 3.11.2 (real)", List.of(Stat.exactly(1), Stat.exactly(cpython), Stat.exactly(0.9)), false)));
    }

    @Test
    void theSimulatorIsComparedWithCPythonAtTwoThreadsAndCalledFaithfulOnlyWhenClose() {
        assertThat(ThreadingFindings.sideBySide(sideBySide(0.98, 0.94), 2)).containsExactly(
                "At 2 threads the simulator's GIL threads reached 0.98x and CPython 3.11.2 (real) 0.94x: within 0.04 of each other: "
                        + "the simulator behaves like the real lock. Java threads, with no GIL, reached 1.95x.");
        assertThat(ThreadingFindings.sideBySide(sideBySide(0.98, 0.6), 2).getFirst())
                .contains("0.38 apart, more than the 0.2 the simulator aims for");
        var noCPython = SeriesResult.of("cpu-side-by-side", "t", "d", "threads", "speedup", "x", false, false, List.of(2.0),
                List.of(new SeriesResult.Series(Labels.GIL_SIM, List.of(Stat.exactly(1)), false)));
        assertThat(ThreadingFindings.sideBySide(noCPython, 2)).isEmpty();
    }

    private static EchoConvoy.Result convoy(double p50Micros, double p99Micros, Double cores) {
        long p50 = Math.round(p50Micros * 1000), p99 = Math.round(p99Micros * 1000);
        return new EchoConvoy.Result(100, p50, p50, p99, p99, cores, 1_000_000_000L, GilStats.NONE);
    }

    private static TableResult convoyTable(double hogP50Micros, double freeP99Micros, boolean withCPython) {
        var rows = new ArrayList<TableResult.Row>(List.of(
                ThreadingResults.convoyRow(Labels.GIL_SETUP, 0, convoy(30, 60, null)),
                ThreadingResults.convoyRow(Labels.GIL_SETUP, 1, convoy(hogP50Micros, 10_000, 0.97)),
                ThreadingResults.convoyRow(Labels.FREE_SETUP, 1, convoy(35, freeP99Micros, 0.99))));
        if (withCPython) {
            rows.add(ThreadingResults.convoyRow("CPython 3.11.2 (real)", 0, new CPythonFigures.Point(300, 22e3, 23e3, 60e3, 90e3, null)));
            rows.add(ThreadingResults.convoyRow("CPython 3.11.2 (real)", 1, new CPythonFigures.Point(60, 5.3e6, 5.4e6, 11e6, 11e6, 0.9)));
        } else {
            rows.add(ThreadingResults.skippedRow("no CPython found"));
        }
        return ThreadingResults.convoy(rows, Optional.empty(), java.time.Duration.ofSeconds(1));
    }

    @Test
    void theConvoyIsNamedWhenTheHogMultipliesTheResponseTimeAndDeniedWhenItDoesNot() {
        List<String> found = ThreadingFindings.convoy(convoyTable(5_200, 300, true), 5_000_000);
        assertThat(found.get(0)).isEqualTo("Alone, the I/O thread answered in 30.0 µs (p99 60.0 µs); next to one CPU hog under the GIL, in 5.20 ms "
                + "(p99 10.0 ms), 173x slower: the hog lets go of the GIL only when asked, and the I/O thread may ask only after "
                + "waiting a whole switch interval (5.00 ms), so the median answer took 1.0 intervals.");
        assertThat(found.get(1)).isEqualTo("Without the GIL (free-threaded) the same hog left the I/O thread at 35.0 µs (p99 300 µs): "
                + "the delay is the lock's, not the CPU's.");
        assertThat(found.get(2)).isEqualTo("CPython 3.11.2 (real): alone 22.0 µs (p99 60.0 µs), next to a CPU hog 5.30 ms (p99 11.0 ms): "
                + "the same convoy, 241x slower.");

        List<String> none = ThreadingFindings.convoy(convoyTable(40, 2_500, false), 5_000_000);
        assertThat(none.get(0)).endsWith("no convoy formed, so the hog did not keep the GIL busy.");
        assertThat(none.get(1)).startsWith("Without the GIL (free-threaded) the I/O thread still took 35.0 µs (p99 2.50 ms)");
        assertThat(none).hasSize(2);
    }

    @Test
    void twoHogsCompareTheHandOffs() {
        var rows = List.of(
                ThreadingResults.convoyRow(Labels.GIL_SETUP, 2, convoy(5_300, 12_000, 0.95)),
                ThreadingResults.convoyRow(Labels.FIFO_SETUP, 2, convoy(15_000, 40_000, 0.95)));
        var table = ThreadingResults.convoy(rows, Optional.empty(), java.time.Duration.ofSeconds(1));
        assertThat(ThreadingFindings.convoy(table, 5_000_000)).containsExactly(
                "Next to two CPU hogs the I/O thread's p99 was 12.0 ms with CPython's hand-off and 40.0 ms with a FIFO hand-off: "
                        + "CPython's hand-off served the I/O thread sooner.");
    }

    private static List<SeriesResult> sweep(double p99At01, double p99At50, double coresAt01, double coresAt50) {
        var x = List.of(0.1, 1.0, 5.0, 50.0);
        List<EchoConvoy.Result> points = List.of(convoy(200, p99At01, coresAt01), convoy(1_200, 2_500, 0.9),
                convoy(5_300, 11_000, 0.95), convoy(50_000, p99At50, coresAt50));
        var py = new CPythonFigures.Sweep(2, x, List.of(
                new CPythonFigures.Point(200, 4e5, 1e6, 3e6, 3e6, 0.7), new CPythonFigures.Point(100, 1.2e6, 2e6, 4e6, 4e6, 0.8),
                new CPythonFigures.Point(40, 6e6, 9e6, 1.2e7, 1.2e7, 0.9), new CPythonFigures.Point(8, 5.6e7, 1e8, 1.1e8, 1.1e8, 0.95)));
        return ThreadingResults.sweep(x, 2, points, Optional.of(py), "CPython 3.11.2 (real)");
    }

    @Test
    void theSweepTradesLatencyForWorkOrSaysItDidNot() {
        var views = sweep(600, 100_000, 0.70, 0.97);
        assertThat(ThreadingFindings.sweepLatency(views.get(0))).containsExactly(
                "In the simulator, shortening the switch interval from 50 ms to 0.1 ms took the I/O thread's p99 from 100 ms to 600 µs: "
                        + "a shorter interval makes a waiting thread ask sooner, so the I/O thread gets the GIL sooner.",
                "In CPython 3.11.2 (real), shortening the switch interval from 50 ms to 0.1 ms took the I/O thread's p99 from 110 ms to 3.00 ms: "
                        + "a shorter interval makes a waiting thread ask sooner, so the I/O thread gets the GIL sooner.");
        assertThat(ThreadingFindings.sweepWork(views.get(1))).containsExactly(
                "GIL threads (simulator): the CPU hogs did 0.97 of a core's work at 50 ms and 0.7 at 0.1 ms: "
                        + "each switch costs a wake-up during which no thread computes, so more switches mean less work.",
                "CPython 3.11.2 (real): the CPU hogs did 0.95 of a core's work at 50 ms and 0.7 at 0.1 ms: "
                        + "each switch costs a wake-up during which no thread computes, so more switches mean less work.");

        var flat = sweep(60_000, 50_000, 0.96, 0.97);
        assertThat(ThreadingFindings.sweepLatency(flat.get(0)).getFirst()).endsWith("shorter intervals did not make the I/O thread answer sooner here.");
        assertThat(ThreadingFindings.sweepWork(flat.get(1)).getFirst()).endsWith("the extra switches cost no measurable work.");
    }

    @Test
    void theChapterSentencePutsTheThreeFactsSideBySide() {
        assertThat(ThreadingFindings.chapter(cpu(20.4, 84), waits(11), Optional.of(convoyTable(5_200, 300, false)))).containsExactly(
                "Under the GIL, 2 CPU-bound threads ran at 0.98x sequential speed (Java threads: 1.90x) while 8 waiting threads ran at 7.36x; "
                        + "and a CPU-bound thread took an I/O thread's median answer from 30.0 µs to 5.20 ms. "
                        + "Threads under a GIL are for waiting, not for computing.");
        assertThat(ThreadingFindings.chapter(cpu(12, 79), waits(11), Optional.empty()).getFirst())
                .doesNotContain("for waiting, not for computing");
    }
}
