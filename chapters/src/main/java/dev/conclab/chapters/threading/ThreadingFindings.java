package dev.conclab.chapters.threading;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.SeriesResult;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.measure.Stat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.number;
import static dev.conclab.lab.report.Format.percent;
import static dev.conclab.lab.report.Format.times;

/**
 * The sentences of chapter 2, each computed from the figures it talks about. Where the figures
 * disagree with the textbook (a GIL that sped CPU work up, waits that did not overlap, no
 * convoy) the sentence says what was measured instead. A figure that was not measured (a model
 * left out with {@code --models}, a CPython that was not found) leaves its sentence out.
 */
final class ThreadingFindings {

    /** Speedups within this of 1.0 count as "no speedup". */
    static final double NO_GAIN = 0.10;
    /** Speedups below 1 - this count as "slower than sequential". */
    static final double SLOWER = 0.03;
    /** How close the simulator's CPU speedup should be to CPython's (the benchmark's goal). */
    static final double FAITHFUL = 0.2;

    private ThreadingFindings() {
    }

    // ---- CPU-bound grid ----

    static List<String> cpu(GridResult e) {
        var found = new ArrayList<String>();
        int n = sizeAtCores(e);
        int largest = e.largestSize();
        var parts = new ArrayList<String>();
        for (String model : List.of(Labels.JAVA_THREADS, GilThreadsModel.GIL, GilThreadsModel.FREE_THREADED, GilThreadsModel.GIL_FIFO)) {
            speedup(e, model, n).ifPresent(s -> parts.add(Labels.ofModel(model) + " " + times(s)));
        }
        if (!parts.isEmpty()) {
            found.add("%d CPU-bound tasks on %d threads, %d cores, speedup over sequential: %s."
                    .formatted(n, n, e.cores(), String.join(", ", parts)));
        }
        Optional<Double> gil = speedup(e, GilThreadsModel.GIL, n);
        Optional<Double> gilLargest = speedup(e, GilThreadsModel.GIL, largest);
        Optional<Double> withoutGil = Stream.of(Labels.JAVA_THREADS, GilThreadsModel.FREE_THREADED)
                .flatMap(m -> speedup(e, m, n).stream()).max(Double::compare);
        if (gil.isPresent()) {
            double s = gil.get();
            if (e.cores() < 2) {
                found.add("On 1 core no model can run CPU work in parallel, so the GIL costs only its switching here (GIL threads %s)."
                        .formatted(times(s)));
            } else if (withoutGil.isPresent() && withoutGil.get() <= 1 + NO_GAIN) {
                found.add("No model sped CPU work up here, not even without a GIL (at best %s at %d threads): the cores were busy with other work, so this run cannot show what the GIL costs. Run it again on a quieter machine."
                        .formatted(times(withoutGil.get()), n));
            } else if (s <= 1 + NO_GAIN) {
                String free = speedup(e, GilThreadsModel.FREE_THREADED, n)
                        .map(f -> "; the same threads without the GIL (free-threaded) reached " + times(f)).orElse("");
                found.add("Under the GIL only one thread runs at a time, so CPU-bound threads gained nothing from %d cores: %s at %d threads%s. The lock, not the threads, is the bottleneck."
                        .formatted(e.cores(), times(s), n, free));
            } else {
                found.add("GIL threads reached %s at %d threads, more than the 1.00x a GIL allows: the sequential runs were probably slowed by other load on the machine (compare the ranges in the detail table)."
                        .formatted(times(s), n));
            }
        }
        gilLargest.filter(s -> s < 1 - SLOWER).ifPresent(s -> found.add(
                "At %d threads GIL threads were %s slower than sequential (%s): every hand-over of the GIL waits for the next thread to wake up, and meanwhile no thread runs."
                        .formatted(largest, percent(1 - s), times(s))));
        cpuUse(e, largest).ifPresent(found::add);
        return found;
    }

    private static Optional<String> cpuUse(GridResult e, int n) {
        var gil = e.cell(GilThreadsModel.GIL, n);
        var threads = e.cell(Labels.JAVA_THREADS, n).or(() -> e.cell(GilThreadsModel.FREE_THREADED, n));
        if (gil.isEmpty() || threads.isEmpty() || e.cores() < 2) {
            return Optional.empty();
        }
        double gilCores = gil.get().utilisation().median() * e.cores();
        double otherCores = threads.get().utilisation().median() * e.cores();
        if (otherCores < gilCores + 0.3) {
            return Optional.empty(); // no contrast to show: the threads without a GIL did not use more cores either
        }
        return Optional.of("CPU use at %d tasks, in cores kept busy (of %d): GIL threads %s, %s %s. A GIL never lets interpreted code use more than one."
                .formatted(n, e.cores(), number(round1(gilCores)), threads.get().model(), number(round1(otherCores))));
    }

    // ---- wait-bound grid ----

    static List<String> waits(GridResult e) {
        var found = new ArrayList<String>();
        int n = e.largestSize();
        var gil = e.cell(GilThreadsModel.GIL, n);
        if (gil.isEmpty()) {
            return found;
        }
        double gilWall = gil.get().wallNanos().median();
        String speedup = gil.get().speedup() == null ? "" : ", " + times(gil.get().speedup()) + " sequential";
        String java = e.cell(Labels.JAVA_THREADS, n).map(c -> "; Java threads took " + duration(c.wallNanos().median())).orElse("");
        long limit = e.machineLimitNanos(n);
        if (n > 1 && gilWall < 2 * limit) {
            found.add("%d waits of %s on GIL threads took %s (limit %s)%s%s: a thread lets go of the GIL while it waits, so waits overlap under the GIL as they do without it."
                    .formatted(n, duration(e.workload().unitNanos()), duration(gilWall), duration(limit), speedup, java));
        } else if (n > 1) {
            found.add("%d waits of %s on GIL threads took %s, far above the %s limit%s: the waits did not overlap, so something held the GIL while it waited (a wait outside a blocking call)."
                    .formatted(n, duration(e.workload().unitNanos()), duration(gilWall), duration(limit), java));
        }
        return found;
    }

    // ---- side by side with CPython ----

    /** Compares the simulator's GIL threads with CPython's threads at the size the grid has for the cores. */
    static List<String> sideBySide(SeriesResult s, int cores) {
        var found = new ArrayList<String>();
        Optional<SeriesResult.Series> cpython = cpython(s);
        Optional<SeriesResult.Series> gil = s.series(Labels.GIL_SIM);
        if (cpython.isEmpty() || gil.isEmpty()) {
            return found;
        }
        int i = indexAtCores(s.x(), cores);
        Stat sim = gil.get().values().get(i);
        Stat real = cpython.get().values().get(i);
        if (sim == null || real == null) {
            return found;
        }
        int threads = s.x().get(i).intValue();
        double gap = Math.abs(sim.median() - real.median());
        String verdict = gap <= FAITHFUL
                ? "within %s of each other: the simulator behaves like the real lock".formatted(number(round2(gap)))
                : "%s apart, more than the %s the simulator aims for: look at both ranges before trusting either".formatted(number(round2(gap)), number(FAITHFUL));
        String java = s.series(Labels.ofModel(Labels.JAVA_THREADS)).map(j -> j.values().get(i))
                .map(j -> " Java threads, with no GIL, reached " + times(j.median()) + ".").orElse("");
        found.add("At %d threads the simulator's GIL threads reached %s and %s %s: %s.%s"
                .formatted(threads, times(sim.median()), cpython.get().label(), times(real.median()), verdict, java));
        return found;
    }

    // ---- convoy ----

    static List<String> convoy(TableResult t, long intervalNanos) {
        String interval = duration(intervalNanos);
        var found = new ArrayList<String>();
        var alone = row(t, Labels.convoyRow(Labels.GIL_SETUP, 0));
        var hog = row(t, Labels.convoyRow(Labels.GIL_SETUP, 1));
        if (alone.isPresent() && hog.isPresent()) {
            double a50 = alone.get().p50(), h50 = hog.get().p50();
            if (h50 >= 3 * a50) {
                found.add("Alone, the I/O thread answered in %s (p99 %s); next to one CPU hog under the GIL, in %s (p99 %s), %s slower: the hog lets go of the GIL only when asked, and the I/O thread may ask only after waiting a whole switch interval (%s), so the median answer took %s intervals."
                        .formatted(duration(a50), duration(alone.get().p99()), duration(h50), duration(hog.get().p99()),
                                times(h50 / a50), interval, String.format(Locale.ROOT, "%.1f", h50 / intervalNanos)));
            } else {
                found.add("Alone, the I/O thread answered in %s (p99 %s); next to one CPU hog under the GIL, in %s (p99 %s): no convoy formed, so the hog did not keep the GIL busy."
                        .formatted(duration(a50), duration(alone.get().p99()), duration(h50), duration(hog.get().p99())));
            }
        }
        row(t, Labels.convoyRow(Labels.FREE_SETUP, 1)).ifPresent(free -> found.add(free.p99() < 1e6
                ? "Without the GIL (free-threaded) the same hog left the I/O thread at %s (p99 %s): the delay is the lock's, not the CPU's."
                        .formatted(duration(free.p50()), duration(free.p99()))
                : "Without the GIL (free-threaded) the I/O thread still took %s (p99 %s) next to the hog: the cores were busy with other work."
                        .formatted(duration(free.p50()), duration(free.p99()))));
        cpythonConvoy(t).ifPresent(found::add);
        twoHogs(t).ifPresent(found::add);
        return found;
    }

    private static Optional<String> cpythonConvoy(TableResult t) {
        var alone = t.rows().stream().filter(r -> r.label().startsWith(Labels.CPYTHON_PREFIX) && r.label().endsWith("alone")).findFirst();
        var hog = t.rows().stream().filter(r -> r.label().startsWith(Labels.CPYTHON_PREFIX) && r.label().contains("next to")).findFirst();
        if (alone.isEmpty() || hog.isEmpty()) {
            return Optional.empty();
        }
        var a = Figures.of(alone.get());
        var h = Figures.of(hog.get());
        if (a.isEmpty() || h.isEmpty()) {
            return Optional.empty();
        }
        String who = alone.get().label().substring(0, alone.get().label().indexOf(','));
        String verdict = h.get().p50() >= 3 * a.get().p50() ? "the same convoy, " + times(h.get().p50() / a.get().p50()) + " slower"
                : "no convoy (" + times(h.get().p50() / a.get().p50()) + ")";
        return Optional.of("%s: alone %s (p99 %s), next to a CPU hog %s (p99 %s): %s."
                .formatted(who, duration(a.get().p50()), duration(a.get().p99()), duration(h.get().p50()), duration(h.get().p99()), verdict));
    }

    private static Optional<String> twoHogs(TableResult t) {
        var cpython = row(t, Labels.convoyRow(Labels.GIL_SETUP, 2));
        var fifo = row(t, Labels.convoyRow(Labels.FIFO_SETUP, 2));
        if (cpython.isEmpty() || fifo.isEmpty()) {
            return Optional.empty();
        }
        double c = cpython.get().p99(), f = fifo.get().p99();
        String verdict = Math.abs(c - f) <= 0.1 * Math.max(c, f) ? "about the same: the hand-off order matters less than the interval"
                : f < c ? "the fair hand-off served the I/O thread sooner" : "CPython's hand-off served the I/O thread sooner";
        return Optional.of("Next to two CPU hogs the I/O thread's p99 was %s with CPython's hand-off and %s with a FIFO hand-off: %s."
                .formatted(duration(c), duration(f), verdict));
    }

    /** The latency figures of a convoy row. */
    private record Figures(double p50, double p99) {
        static Optional<Figures> of(TableResult.Row row) {
            var p50 = row.values().get(1).stat();
            var p99 = row.values().get(3).stat();
            return p50 == null || p99 == null ? Optional.empty() : Optional.of(new Figures(p50.median(), p99.median()));
        }
    }

    private static Optional<Figures> row(TableResult t, String label) {
        return t.rows().stream().filter(r -> r.label().equals(label)).findFirst().flatMap(Figures::of);
    }

    // ---- switch-interval sweep ----

    static List<String> sweepLatency(SeriesResult latency) {
        var found = new ArrayList<String>();
        latencyTrend(latency, Labels.sweepLatency(Labels.GIL_SIM, "p99"), "the simulator").ifPresent(found::add);
        latency.series().stream().filter(s -> s.label().startsWith(Labels.CPYTHON_PREFIX) && s.label().contains(" p99"))
                .findFirst().flatMap(s -> latencyTrend(latency, s.label(), s.label().replace(" p99", ""))).ifPresent(found::add);
        return found;
    }

    private static Optional<String> latencyTrend(SeriesResult s, String label, String who) {
        var series = s.series(label);
        if (series.isEmpty() || s.x().size() < 2) {
            return Optional.empty();
        }
        Stat shortest = series.get().values().getFirst();
        Stat longest = series.get().values().getLast();
        if (shortest == null || longest == null) {
            return Optional.empty();
        }
        String from = number(s.x().getLast()), to = number(s.x().getFirst());
        String verdict = shortest.median() < longest.median() / 2
                ? "a shorter interval makes a waiting thread ask sooner, so the I/O thread gets the GIL sooner"
                : "shorter intervals did not make the I/O thread answer sooner here";
        return Optional.of("In %s, shortening the switch interval from %s ms to %s ms took the I/O thread's p99 from %s to %s: %s."
                .formatted(who, from, to, duration(longest.median()), duration(shortest.median()), verdict));
    }

    static List<String> sweepWork(SeriesResult work) {
        var found = new ArrayList<String>();
        for (SeriesResult.Series series : work.series()) {
            Stat shortest = series.values().getFirst();
            Stat longest = series.values().getLast();
            if (shortest == null || longest == null || work.x().size() < 2) {
                continue;
            }
            String from = number(work.x().getLast()), to = number(work.x().getFirst());
            double lost = longest.median() - shortest.median();
            String verdict = lost > 0.05
                    ? "each switch costs a wake-up during which no thread computes, so more switches mean less work"
                    : "the extra switches cost no measurable work";
            found.add("%s: the CPU hogs did %s of a core's work at %s ms and %s at %s ms: %s."
                    .formatted(series.label(), number(round2(longest.median())), from, number(round2(shortest.median())), to, verdict));
        }
        return found;
    }

    // ---- the chapter ----

    /** One sentence that puts the chapter's three facts side by side. */
    static List<String> chapter(GridResult cpu, GridResult waits, Optional<TableResult> convoy) {
        int n = sizeAtCores(cpu);
        Optional<Double> gilCpu = speedup(cpu, GilThreadsModel.GIL, n);
        Optional<Double> javaCpu = speedup(cpu, Labels.JAVA_THREADS, n);
        Optional<Double> gilWait = speedup(waits, GilThreadsModel.GIL, waits.largestSize());
        if (gilCpu.isEmpty() || gilWait.isEmpty()) {
            return List.of();
        }
        String java = javaCpu.map(j -> " (Java threads: " + times(j) + ")").orElse("");
        String convoyPart = convoy.flatMap(t -> row(t, Labels.convoyRow(Labels.GIL_SETUP, 0))
                        .flatMap(a -> row(t, Labels.convoyRow(Labels.GIL_SETUP, 1)).map(h -> new double[]{a.p50(), h.p50()})))
                .map(p -> "; and a CPU-bound thread took an I/O thread's median answer from %s to %s".formatted(duration(p[0]), duration(p[1])))
                .orElse("");
        boolean textbook = gilCpu.get() <= 1 + NO_GAIN && javaCpu.map(j -> j > 1 + NO_GAIN).orElse(true)
                && gilWait.get() >= Math.min(2, waits.largestSize()) * (1 - NO_GAIN);
        return List.of("Under the GIL, %d CPU-bound threads ran at %s sequential speed%s while %d waiting threads ran at %s%s.%s"
                .formatted(n, times(gilCpu.get()), java, waits.largestSize(), times(gilWait.get()), convoyPart,
                        textbook ? " Threads under a GIL are for waiting, not for computing." : ""));
    }

    // ---- helpers ----

    private static Optional<Double> speedup(GridResult e, String model, int n) {
        return e.cell(model, n).map(Cell::speedup);
    }

    /** The smallest size with at least as many tasks as cores (else the largest): where parallelism should show. */
    static int sizeAtCores(GridResult e) {
        return e.sizes().stream().filter(s -> s >= Math.max(2, e.cores())).findFirst().orElse(e.largestSize());
    }

    private static int indexAtCores(List<Double> x, int cores) {
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) >= Math.max(2, cores)) {
                return i;
            }
        }
        return x.size() - 1;
    }

    private static Optional<SeriesResult.Series> cpython(SeriesResult s) {
        return s.series().stream().filter(x -> x.label().startsWith(Labels.CPYTHON_PREFIX)).findFirst();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
