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
 * ({@link ProcessPool.Builder#classDataArchive}, kept under {@code ~/.cache/conclab/process}; the
 * JVM archives classes from jars only, so those workers get this class path's jars, and the row
 * says so when the classes they need come from directories). Start-up is the
 * time from {@code build()} until every worker has answered a no-op; each configuration also
 * runs CPU units of about 10 ms in a warm worker, since a flag that starts faster but computes
 * slower is no gain for CPU work.
 *
 * @param configs  labels
 * @param startup  per configuration
 * @param cpuUnit  per configuration: time of one warm CPU unit
 * @param skipped  configurations that could not be measured here, and why
 */
record Startup(int workers, List<String> configs, List<List<String>> flags, List<Stat> startup, List<Stat> cpuUnit,
               java.util.Map<String, String> skipped) {

    /** {@code compareFlags}: also try C1-only and AppCDS (else the default options alone); {@code cpuUnits} 0: no CPU check. */
    record Plan(int workers, int repetitions, int cpuUnits, boolean compareFlags) {
    }

    static final String DEFAULT = "default options";
    static final String C1 = "C1 only (-XX:TieredStopAtLevel=1)";
    static final String APPCDS = "class-data archive (classDataArchive, jars only)";

    static Startup run(Plan plan, ProgressListener progress) throws Exception {
        var configs = new ArrayList<String>(List.of(DEFAULT));
        var flags = new ArrayList<List<String>>();
        var classPaths = new ArrayList<String>();
        var skipped = new java.util.LinkedHashMap<String, String>();
        String classPath = System.getProperty("java.class.path");
        flags.add(ProcessPool.Builder.DEFAULT_JVM_ARGS);
        classPaths.add(classPath);
        if (plan.compareFlags()) {
            configs.add(C1);
            flags.add(with("-XX:TieredStopAtLevel=1"));
            classPaths.add(classPath);
            // The JVM archives classes from jars only: the AppCDS workers get the jars of this
            // class path, which is enough when the classes they run come from jars.
            String jars = jarsOnly(classPath);
            String missing = notInJars(ProcessPool.class, WorkerTasks.class, SumOfSquares.class);
            if (missing != null) {
                skipped.put(APPCDS, "not measured: " + missing + " comes from a directory, and the JVM archives classes from jars only");
            } else {
                configs.add(APPCDS);
                flags.add(ProcessPool.Builder.DEFAULT_JVM_ARGS);
                classPaths.add(jars);
            }
        }
        long[][] times = new long[configs.size()][plan.repetitions()];
        var cpu = new ArrayList<Stat>();
        long iterations = Calibration.of(new SumOfSquares(), Duration.ofMillis(10)).iterations();
        progress.begin("Pool start-up", (long) configs.size() * (plan.repetitions() + (plan.compareFlags() ? 1 : 0) + (plan.cpuUnits() > 0 ? 1 : 0)));
        try {
            // One unmeasured start of each: page cache, and the AppCDS archive's first dump
            // (a quick run, which compares no flags, has had its pools started already).
            int cds = configs.indexOf(APPCDS);
            for (int c = 0; c < configs.size() && plan.compareFlags(); c++) {
                startOnce(plan.workers(), flags.get(c), classPaths.get(c), c == cds);
                progress.step(configs.get(c) + " (warm-up)");
            }
            if (cds >= 0 && !hasArchive()) {
                skipped.put(APPCDS, "not measured: the JVM wrote no archive (see its warnings on stderr)");
                configs.remove(cds);
                flags.remove(cds);
                classPaths.remove(cds);
                times = new long[configs.size()][plan.repetitions()];
            }
            // Interleaved, so a drift of the machine's load spreads over every configuration.
            for (int r = 0; r < plan.repetitions(); r++) {
                for (int c = 0; c < configs.size(); c++) {
                    times[c][r] = startOnce(plan.workers(), flags.get(c), classPaths.get(c), configs.get(c).equals(APPCDS));
                    progress.step(configs.get(c));
                }
            }
            for (int c = 0; c < configs.size() && plan.cpuUnits() > 0; c++) {
                try (var pool = builder(1, flags.get(c), classPaths.get(c), configs.get(c).equals(APPCDS)).build()) {
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
        return new Startup(plan.workers(), configs, flags, startup, cpu, skipped);
    }

    /** The entries of {@code classPath} that are jar files. */
    static String jarsOnly(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The first of {@code types} whose class file does not come from a jar, or null. */
    private static String notInJars(Class<?>... types) {
        for (Class<?> type : types) {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
                return type.getSimpleName();
            }
        }
        return null;
    }

    private static boolean hasArchive() throws java.io.IOException {
        try (var files = Files.list(archiveFolder())) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        }
    }

    private static List<String> with(String... more) {
        var flags = new ArrayList<>(ProcessPool.Builder.DEFAULT_JVM_ARGS);
        flags.addAll(List.of(more));
        return flags;
    }

    private static ProcessPool.Builder builder(int workers, List<String> flags, String classPath, boolean archive)
            throws java.io.IOException {
        var b = ProcessPool.builder().workers(workers).jvmArgs(flags).classPath(classPath);
        return archive ? b.classDataArchive(archiveFolder()) : b;
    }

    private static long startOnce(int workers, List<String> flags, String classPath, boolean archive) throws Exception {
        long t0 = System.nanoTime();
        try (var pool = builder(workers, flags, classPath, archive).build()) {
            pool.map(WorkerTasks.Noop.class, Collections.nCopies(workers, null), 1);
            return System.nanoTime() - t0;
        }
    }

    /** Where the workers' class-data archives live: one folder per user (the pool names each file after what it depends on). */
    static Path archiveFolder() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "conclab", "process");
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "conclab-cache", "process"));
        }
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
        skipped.forEach((config, why) -> rows.add(new Row("Java ProcessPool, " + config, List.of(Value.text(why), Value.none()))));
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
