package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Calibration;
import dev.conclab.lab.workload.SumOfSquares;
import dev.conclab.process.ProcessPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How fast a pool of worker JVMs starts, and what the flags that promise a faster start really
 * give: the pool's default options, C1 only ({@code -XX:TieredStopAtLevel=1}: less compiling at
 * start, slower code after), and an application class-data archive
 * ({@code -XX:+AutoCreateSharedArchive}, kept under {@code ~/.cache/conclab}). Start-up is the
 * time from {@code build()} until every worker has answered a no-op; each configuration also
 * runs CPU units of about 10 ms in a warm worker, since a flag that starts faster but computes
 * slower is no gain for CPU work.
 *
 * @param configs  labels
 * @param startup  per configuration
 * @param cpuUnit  per configuration: time of one warm CPU unit
 */
record Startup(int workers, List<String> configs, List<List<String>> flags, List<Stat> startup, List<Stat> cpuUnit) {

    /** {@code compareFlags}: also try C1-only and AppCDS (else the default options alone); {@code cpuUnits} 0: no CPU check. */
    record Plan(int workers, int repetitions, int cpuUnits, boolean compareFlags) {
    }

    static final String DEFAULT = "default options";
    static final String C1 = "C1 only (-XX:TieredStopAtLevel=1)";
    static final String APPCDS = "AppCDS archive (-XX:+AutoCreateSharedArchive)";

    static Startup run(Plan plan, ProgressListener progress) throws Exception {
        var configs = plan.compareFlags() ? List.of(DEFAULT, C1, APPCDS) : List.of(DEFAULT);
        var flags = new ArrayList<List<String>>();
        flags.add(ProcessPool.Builder.DEFAULT_JVM_ARGS);
        if (plan.compareFlags()) {
            flags.add(with("-XX:TieredStopAtLevel=1"));
            flags.add(with("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive()));
        }
        long[][] times = new long[configs.size()][plan.repetitions()];
        var cpu = new ArrayList<Stat>();
        long iterations = Calibration.of(new SumOfSquares(), Duration.ofMillis(10)).iterations();
        progress.begin("Pool start-up", (long) configs.size() * (plan.repetitions() + (plan.compareFlags() ? 1 : 0) + (plan.cpuUnits() > 0 ? 1 : 0)));
        try {
            // One unmeasured start of each: page cache, and the AppCDS archive's first dump
            // (a quick run, which compares no flags, has had its pools started already).
            for (int c = 0; c < configs.size() && plan.compareFlags(); c++) {
                startOnce(plan.workers(), flags.get(c));
                progress.step(configs.get(c) + " (warm-up)");
            }
            // Interleaved, so a drift of the machine's load spreads over every configuration.
            for (int r = 0; r < plan.repetitions(); r++) {
                for (int c = 0; c < configs.size(); c++) {
                    times[c][r] = startOnce(plan.workers(), flags.get(c));
                    progress.step(configs.get(c));
                }
            }
            for (int c = 0; c < configs.size() && plan.cpuUnits() > 0; c++) {
                try (var pool = ProcessPool.builder().workers(1).jvmArgs(flags.get(c)).build()) {
                    long[] unit = new long[plan.cpuUnits()];
                    for (int u = 0; u < unit.length; u++) {
                        int index = u;
                        unit[u] = Measure.nanos(() -> pool.submit(WorkerTasks.Squares.class, List.of(iterations, index)).get());
                    }
                    // The later half: after the worker's JIT has compiled the kernel.
                    cpu.add(Stat.of(Arrays.copyOfRange(unit, unit.length / 2, unit.length)));
                }
                progress.step(configs.get(c) + " CPU");
            }
        } finally {
            progress.end();
        }
        var startup = new ArrayList<Stat>();
        for (long[] t : times) {
            startup.add(Stat.of(t));
        }
        return new Startup(plan.workers(), configs, flags, startup, cpu);
    }

    private static List<String> with(String... more) {
        var flags = new ArrayList<>(ProcessPool.Builder.DEFAULT_JVM_ARGS);
        flags.addAll(List.of(more));
        return flags;
    }

    private static long startOnce(int workers, List<String> flags) throws Exception {
        long t0 = System.nanoTime();
        try (var pool = ProcessPool.builder().workers(workers).jvmArgs(flags).build()) {
            pool.map(WorkerTasks.Noop.class, Collections.nCopies(workers, null), 1);
            return System.nanoTime() - t0;
        }
    }

    /** Where the worker's class-data archive lives: one per user, rebuilt by the JVM when the class path changes. */
    static Path archive() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "conclab");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "conclab-cache"));
        }
        return dir.resolve("process-worker.jsa");
    }

    /** Start-up of {@code config}, if it was measured. */
    java.util.Optional<Stat> startupOf(String config) {
        int i = configs.indexOf(config);
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(startup.get(i));
    }

    /** The warm CPU unit of {@code config}, if it was measured. */
    java.util.Optional<Stat> cpuOf(String config) {
        int i = configs.indexOf(config);
        return i < 0 || i >= cpuUnit.size() ? java.util.Optional.empty() : java.util.Optional.of(cpuUnit.get(i));
    }

    static final List<Column> COLUMNS = List.of(new Column("startup", "pool start-up", "ns"),
            new Column("cpuUnit", "one CPU unit, warm", "ns"));

    TableResult table(CPythonMultiprocessing peer) {
        var rows = new ArrayList<Row>();
        for (int c = 0; c < configs.size(); c++) {
            rows.add(new Row("Java ProcessPool, " + configs.get(c), List.of(Value.of(startup.get(c)),
                    c < cpuUnit.size() ? Value.of(cpuUnit.get(c)) : Value.none())));
        }
        String note;
        if (peer.ran()) {
            for (var s : peer.json().path("startup")) {
                rows.add(new Row(peer.with("Pool, start method " + s.path("method").asText()), List.of(
                        Value.of(new Stat(s.path("medianSeconds").asDouble() * 1e9, s.path("minSeconds").asDouble() * 1e9,
                                s.path("maxSeconds").asDouble() * 1e9)), Value.none())));
            }
            note = " CPython's rows: Pool(" + peer.json().path("workers").asInt() + ") until each worker answered a no-op, per start method.";
        } else {
            note = " CPython: " + peer.skipped() + ".";
        }
        return TableResult.of("startup", "Pool start-up: " + workers + " worker JVMs until each has answered",
                (configs.size() > 1 ? "Median of interleaved starts after one unmeasured start of each" : "Starts of a pool after the chapter's earlier pools")
                        + (cpuUnit.isEmpty() ? "." : "; the CPU unit is about 10 ms of sum of squares "
                        + "(as calibrated in this JVM), timed in a warm worker of each configuration.") + note,
                COLUMNS, rows);
    }
}
