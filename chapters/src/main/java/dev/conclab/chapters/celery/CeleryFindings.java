package dev.conclab.chapters.celery;

import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.conclab.lab.report.Format.duration;

/** Chapter 6's conclusions, computed from its measurements (never written in advance). */
final class CeleryFindings {

    private CeleryFindings() {
    }

    private static Optional<Double> v(TableResult t, String row, String key) {
        return t.value(row, key).filter(x -> x.stat() != null).map(x -> x.stat().median());
    }

    private static double v(Row r, TableResult t, String key) {
        return v(t, r.label(), key).orElse(Double.NaN);
    }

    static List<String> brokers(TableResult t, CeleryChapter.Plan plan, int concurrency) {
        var out = new ArrayList<String>();
        if (t.rows().isEmpty()) {
            return out;
        }
        Row fastestWait = t.rows().stream().min(Comparator.comparingDouble(r -> v(r, t, "waitDrain"))).orElseThrow();
        out.add(String.format(Locale.ROOT, "The wait task drained fastest on %s: %s, %.0f%% of the limit; waiting tasks need "
                        + "concurrency, not cores, so every pool with %d slots stays near it while the broker keeps up.",
                fastestWait.label(), duration(v(fastestWait, t, "waitDrain")), 100 * v(fastestWait, t, "waitEff"), concurrency));
        for (Row r : t.rows()) {
            if (r.label().contains("/ solo")) {
                String broker = r.label().substring(0, r.label().indexOf(" /"));
                t.rows().stream().filter(o -> o.label().startsWith(broker + " / virtual")).findFirst().ifPresent(virt ->
                        out.add(String.format(Locale.ROOT, "On %s the solo pool (one task at a time) took %.1fx as long as virtual threads on the wait task: "
                                + "a worker's concurrency, not the broker, bounds a wait-bound queue.", broker,
                                v(r, t, "waitDrain") / v(virt, t, "waitDrain"))));
                break;
            }
        }
        Row bestCpu = t.rows().stream().max(Comparator.comparingDouble(r -> v(r, t, "cpuEff"))).orElseThrow();
        out.add(String.format(Locale.ROOT, "CPU work came at best within %.0f%% of its limit (%s), the cores or the pool's slots, whichever are fewer.",
                100 * v(bestCpu, t, "cpuEff"), bestCpu.label()));
        t.rows().stream().filter(r -> r.label().contains("/ processes")).min(Comparator.comparingDouble(r -> v(r, t, "cpuEff"))).ifPresent(p ->
                out.add(String.format(Locale.ROOT, "The processes pool reached %.0f%% on the CPU task (%s): each batch started its child JVMs, "
                        + "cold, and paid a pipe round trip per task; that cost is repaid only by long tasks or long-lived workers.",
                        100 * v(p, t, "cpuEff"), p.label())));
        Optional<Row> memory = t.rows().stream().filter(r -> r.label().startsWith("memory")).findFirst();
        Optional<Row> sqlite = t.rows().stream().filter(r -> r.label().startsWith("sqlite")).findFirst();
        if (memory.isPresent() && sqlite.isPresent()) {
            double ratio = v(sqlite.get(), t, "p50") / v(memory.get(), t, "p50");
            out.add(String.format(Locale.ROOT, "Round trip p50: %s in memory, %s on SQLite (%.1fx)%s",
                    duration(v(memory.get(), t, "p50")), duration(v(sqlite.get(), t, "p50")), ratio,
                    ratio > 1.5 ? ": a producer in another process can only learn of a result on a file by polling it, so the queue polls (1 to 20 ms)."
                            : "."));
            double ms = v(memory.get(), t, "send");
            double ss = v(sqlite.get(), t, "send");
            out.add(String.format(Locale.ROOT, "Sending: %.0f tasks/s into memory, %.0f into SQLite, where each send is a committed transaction%s.",
                    ms, ss, ss < ms ? String.format(Locale.ROOT, " (%.1fx slower)", ms / ss)
                            : "; at this batch size the JIT's warm-up, not the broker, decides the send rate"));
        }
        t.rows().stream().filter(r -> r.label().startsWith("redis")).findFirst().ifPresent(redis -> out.add(String.format(Locale.ROOT,
                "On Redis the round trip p50 was %s: the worker blocks in XREADGROUP and the producer hears the result by pub/sub, "
                        + "so nothing is polled.", duration(v(redis, t, "p50")))));
        return out;
    }

    static List<String> scaling(TableResult t) {
        var out = new ArrayList<String>();
        if (t.rows().size() < 2) {
            return out;
        }
        var waits = new ArrayList<String>();
        var cpus = new ArrayList<String>();
        double bestCpu = 0;
        double worstCpu = Double.MAX_VALUE;
        for (Row r : t.rows().subList(1, t.rows().size())) {
            waits.add(String.format(Locale.ROOT, "%.1fx", v(r, t, "waitSpeedup")));
            cpus.add(String.format(Locale.ROOT, "%.1fx", v(r, t, "cpuSpeedup")));
            bestCpu = Math.max(bestCpu, v(r, t, "cpuSpeedup"));
            worstCpu = Math.min(worstCpu, v(r, t, "cpuSpeedup"));
        }
        String who = t.rows().stream().skip(1).map(Row::label).reduce((a, b) -> a + " and " + b).orElse("");
        int cores = Runtime.getRuntime().availableProcessors();
        out.add(String.format(Locale.ROOT, "With %s on one SQLite file the wait task ran %s as fast as with one: waiting work scales with slots.",
                who, String.join(" and ", waits)));
        String cpu;
        if (worstCpu < 0.9) {
            cpu = String.format(Locale.ROOT, "The CPU task ran %s as fast: slower, because one process with 4 threads already had this "
                    + "machine's %d cores busy, and more JVMs only added contention for them (and their own JIT warm-up).", String.join(" and ", cpus), cores);
        } else if (bestCpu < 1.2) {
            cpu = String.format(Locale.ROOT, "The CPU task ran %s as fast: no gain, since one process with 4 threads already had this machine's %d cores busy.",
                    String.join(" and ", cpus), cores);
        } else {
            cpu = String.format(Locale.ROOT, "The CPU task ran %s as fast, up to the limit of this machine's %d cores.", String.join(" and ", cpus), cores);
        }
        out.add(cpu);
        return out;
    }

    static List<String> celery(TableResult t) {
        var out = new ArrayList<String>();
        Optional<Row> conclab = t.rows().stream().filter(r -> r.label().startsWith("conclab")).findFirst();
        Optional<Row> best = t.rows().stream().filter(r -> r.label().startsWith("Celery"))
                .max(Comparator.comparingDouble(r -> v(r, t, "drain")));
        if (conclab.isPresent() && best.isPresent()) {
            out.add(String.format(Locale.ROOT, "On the same Redis conclab drained %.0f tasks/s, %.1fx %s (%.0f/s); round trip p50 %s against %s.",
                    v(conclab.get(), t, "drain"), v(conclab.get(), t, "drain") / v(best.get(), t, "drain"), best.get().label(),
                    v(best.get(), t, "drain"), duration(v(conclab.get(), t, "p50")), duration(v(best.get(), t, "p50"))));
        }
        return out;
    }
}
