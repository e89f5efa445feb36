package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.GridResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.conclab.lab.report.Format.bytes;
import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.percent;
import static dev.conclab.lab.report.Format.times;

/** Chapter 3's sentences, each computed from the figures it talks about. */
final class MultiprocessingFindings {

    /** Figures closer than this (relative) count as the same on a shared 2-core machine. */
    static final double SAME = 0.10;

    private MultiprocessingFindings() {
    }

    /** The harness grid: a pool started for every batch against threads and a plain loop. */
    static List<String> grid(GridResult grid) {
        var found = new ArrayList<String>();
        for (int n : grid.sizes()) {
            Optional<Cell> processes = grid.cell(ProcessPoolModel.ID, n);
            Optional<Cell> threads = grid.cell("fixed-pool", n);
            Optional<Cell> sequential = grid.cell("sequential", n);
            if (processes.isEmpty() || sequential.isEmpty()) {
                continue;
            }
            double p = processes.get().wallNanos().median();
            double s = sequential.get().wallNanos().median();
            String vsThreads = threads.map(t -> ", the thread pool " + duration(t.wallNanos().median())).orElse("");
            found.add("%d tasks (%s of work): a process pool started for the batch took %s, sequential %s%s; %s."
                    .formatted(n, duration(n * (double) grid.workload().unitNanos()), duration(p), duration(s), vsThreads,
                            p < s ? "the processes won by " + times(s / p) : "starting the JVMs cost more than the parallelism saved"));
        }
        grid.sizes().stream().max(Integer::compare).flatMap(n -> grid.cell(ProcessPoolModel.ID, n)).ifPresent(c -> {
            double perTaskCpu = c.cpuNanos().median() / c.tasks();
            found.add("The process pool's CPU time counts its workers' (start-up, JIT, the work): %s per task at %d tasks, "
                    .formatted(duration(perTaskCpu), c.tasks()) + "against " + duration(grid.workload().unitNanos()) + " of work in each.");
        });
        return found;
    }

    static List<String> scaling(Scaling s, CPythonMultiprocessing peer, int cores) {
        var found = new ArrayList<String>();
        for (int i = 0; i < s.workers().size(); i++) {
            int w = s.workers().get(i);
            double pt = s.processSpeedup(w);
            double th = s.threadSpeedup(w);
            double gap = Math.abs(pt - th) / th;
            found.add(("With %d worker%s: processes %s, threads %s sequential (%s apart): %s.").formatted(w, w == 1 ? "" : "s", times(pt), times(th), percent(gap),
                    gap <= SAME ? "Java threads have no GIL, so on the JVM processes buy isolation, not speed"
                            : pt > th ? "the processes were faster here" : "the pipes and copies cost the processes time"));
        }
        int two = s.workers().indexOf(Math.min(2, cores));
        int four = s.workers().indexOf(4);
        if (two >= 0 && four >= 0 && cores < 4) {
            double a = s.processSpeedup(s.workers().get(two));
            double b = s.processSpeedup(4);
            found.add("4 workers on %d cores: %s, against %s with %d: %s.".formatted(cores, times(b), times(a), s.workers().get(two),
                    Math.abs(b - a) <= SAME * a ? "no gain, the cores were already busy" : b > a ? "still a gain" : "a loss, four processes take turns on the cores"));
        }
        if (!s.startup().isEmpty()) {
            double start = s.startup().getFirst().median();
            double unit = s.unit().toNanos();
            found.add("Starting %d worker JVM%s took %s, as long as %.0f units of this work: a pool pays off when it lives for many tasks."
                    .formatted(s.workers().getFirst(), s.workers().getFirst() == 1 ? "" : "s", duration(start), start / unit));
        }
        if (peer.ran()) {
            for (var r : peer.json().path("cpu").path("rows")) {
                if (r.path("workers").asInt() == 2) {
                    double py = r.path("speedup").asDouble();
                    found.add("CPython's Pool(2).map reached %s on the same kind of work%s.".formatted(times(py),
                            py >= 1 + 3 * SAME ? ": processes are how CPython gets past its GIL"
                                    : ", no real gain: on this machine, at this moment, its processes found no second idle core either"));
                }
            }
        }
        return found;
    }

    /**
     * Whether the machine offered the parallelism the comparison needs: threads in one JVM are
     * the control, since nothing but busy cores stops them from scaling.
     */
    static java.util.Optional<String> machineBusy(Scaling s, int cores, double loadAverage) {
        int w = Math.min(2, cores);
        double th = s.threadSpeedup(w);
        if (Double.isNaN(th) || th >= w * (1 - 2 * SAME)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(("Threads, the control, reached only %s with %d workers on %d cores (load average %.1f): other work "
                + "held the cores, so no model could show its parallelism in this run; rerun on an idle machine to judge it.")
                .formatted(times(th), w, cores, loadAverage));
    }

    static List<String> overhead(Overhead o, CPythonMultiprocessing peer) {
        var found = new ArrayList<String>();
        double java1 = o.mapMicros(1);
        if (!Double.isNaN(java1)) {
            String sentence = "At chunksize 1 a no-op cost %.1f µs per task through the Java pool".formatted(java1);
            double py = peer.poolMapMicros(1);
            if (!Double.isNaN(py)) {
                sentence += ", %.1f µs through CPython's Pool.map: %s".formatted(py,
                        java1 <= py ? "Java's is " + (py / java1 >= 1 + SAME ? times(py / java1) + " lower" : "about the same")
                                : "CPython's is " + times(java1 / py) + " lower");
            }
            found.add(sentence + ".");
        }
        double java100 = o.mapMicros(100);
        if (!Double.isNaN(java1) && !Double.isNaN(java100)) {
            found.add("Chunks of 100 cut it to %.2f µs per task (%s less): one message carries many tasks, so the pipe's cost is shared."
                    .formatted(java100, times(java1 / java100)));
        }
        return found;
    }

    static List<String> startup(Startup s, CPythonMultiprocessing peer) {
        var found = new ArrayList<String>();
        double base = s.startupOf(Startup.DEFAULT).orElseThrow().median();
        found.add("%d worker JVMs started in %s with the pool's default options.".formatted(s.workers(), duration(base)));
        var c1 = s.startupOf(Startup.C1);
        var cpuBase = s.cpuOf(Startup.DEFAULT);
        var cpuC1 = s.cpuOf(Startup.C1);
        if (c1.isPresent() && cpuBase.isPresent() && cpuC1.isPresent()) {
            double ratio = cpuC1.get().median() / cpuBase.get().median();
            found.add("C1 only started in %s (%s) %s.".formatted(duration(c1.get().median()), change(c1.get().median(), base),
                    ratio > 1 + SAME
                            ? "but its code ran the CPU unit " + times(ratio) + " slower, so the pool keeps the full compiler: CPU work is what processes are for"
                            : "and its CPU unit was within " + percent(SAME) + " of the default's: worth passing with jvmArgs for short-lived pools"));
        }
        s.startupOf(Startup.APPCDS).ifPresent(cds -> found.add("With a class-data archive the workers started in %s (%s): %s.".formatted(
                duration(cds.median()), change(cds.median(), base),
                cds.median() < base * (1 - SAME)
                        ? "a real saving, which the pool gives when asked (Builder.classDataArchive); it is not the default "
                        + "because the JVM archives classes from jars only, and a class path often has directories"
                        : (cds.median() > base * (1 + SAME) ? "slower here" : "within the noise of the default")
                        + ": a worker loads few classes beyond the JDK's own archive, which the default already maps")));
        s.skipped().forEach((config, why) -> found.add(config + ": " + why + "."));
        if (peer.ran()) {
            double fork = peer.defaultStartupSeconds() * 1e9;
            if (!Double.isNaN(fork)) {
                found.add("CPython's Pool with its default start method (%s) started in %s, %s faster: fork copies a process that is already running, a JVM has to boot."
                        .formatted(peer.json().path("defaultStartMethod").asText(), duration(fork), times(base / fork)));
            }
        }
        return found;
    }

    private static String change(double value, double base) {
        return value <= base ? percent((base - value) / base) + " less" : percent((value - base) / base) + " more";
    }

    static List<String> sharedArray(SharedArray a, int cores) {
        var found = new ArrayList<String>();
        int i = a.at(Math.min(2, cores));
        int w = a.workers().get(i);
        double value = a.byValue().get(i).median();
        double shared = a.shared().get(i).median();
        double threads = a.threads().get(i).median();
        found.add("With %d workers: by value, each task sent %s and the batch took %s; with a shared block each task sent %d bytes and the batch took %s (%s), after a one-off copy of %s."
                .formatted(w, bytes(a.byValueBytesPerTask()), duration(value), a.sharedBytesPerTask(), duration(shared),
                        shared < value ? times(value / shared) + " faster" : times(shared / value) + " slower",
                        duration(a.sharedSetupNanos())));
        found.add("Threads, which read the heap where the array lies, took %s; the shared block took %s as long."
                .formatted(duration(threads), times(shared / threads)));
        if (a.workers().size() > 1) {
            int last = a.workers().size() - 1;
            found.add("From %d to %d workers, by value went from %s to %s and shared from %s to %s: %s."
                    .formatted(a.workers().getFirst(), a.workers().get(last), duration(a.byValue().getFirst().median()),
                            duration(a.byValue().get(last).median()), duration(a.shared().getFirst().median()),
                            duration(a.shared().get(last).median()),
                            a.byValue().get(last).median() > a.byValue().getFirst().median() * (1 - SAME)
                                    ? "sending by value hardly scales, since one parent thread copies and encodes every slice"
                                    : "both gained from more workers"));
        }
        return found;
    }

    static List<String> crash(CrashDemo c, CPythonMultiprocessing peer) {
        var found = new ArrayList<String>();
        found.add("Killing a worker mid-run failed %d of %d items (%s); %d succeeded, the pool started a replacement (%d workers in all) and %s."
                .formatted(c.failed(), c.tasks(), c.failure(), c.succeeded(), c.started(),
                        c.recovered() ? "was back to " + c.workers() + " live workers" : "was NOT back to full strength"));
        if (peer.ran()) {
            var crash = peer.json().path("crash");
            if (crash.path("pool").path("outcome").asText().equals("hung")) {
                found.add("CPython's Pool gave no result at all: the batch was still waiting when the %.0f s deadline passed."
                        .formatted(crash.path("deadlineSeconds").asDouble()));
            }
            found.add("CPython's ProcessPoolExecutor failed %d of %d tasks with BrokenProcessPool."
                    .formatted(crash.path("executor").path("brokenProcessPool").asInt(), crash.path("tasks").asInt()));
        }
        return found;
    }
}
