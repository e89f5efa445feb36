package dev.conclab.chapters.asyncio;

import dev.conclab.lab.Home;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * The same program twice ({@link FutureStyle} on the loop, {@link BlockingStyle} on virtual
 * threads), run against the site: lines of code, wall time, threads, and the total each
 * computed (which must agree).
 */
final class StylesExperiment {

    static final String ID = "styles";
    static final String FUTURES = "future style on the loop (FutureStyle.java)";
    static final String BLOCKING = "blocking style on virtual threads (BlockingStyle.java)";

    static final List<Column> COLUMNS = List.of(new Column("lines", "lines of code", "count"), new Column("wall", "wall", "ns"),
            new Column("threads", "peak threads", "count"), new Column("bytes", "bytes fetched", "bytes"));

    private StylesExperiment() {
    }

    static TableResult run(URI site, int urls, int limit, int repetitions) throws Exception {
        var list = Collections.nCopies(urls, site);
        var threads = ManagementFactory.getThreadMXBean();
        var futureWall = new ArrayList<Double>();
        var futureThreads = new ArrayList<Double>();
        var blockingWall = new ArrayList<Double>();
        var blockingThreads = new ArrayList<Double>();
        long futureBytes = 0;
        long blockingBytes = 0;
        for (int r = -1; r < repetitions; r++) {
            threads.resetPeakThreadCount();
            long started = System.nanoTime();
            futureBytes = FutureStyle.run(list, limit);
            if (r >= 0) {
                futureWall.add((double) (System.nanoTime() - started));
                futureThreads.add((double) threads.getPeakThreadCount());
            }
            threads.resetPeakThreadCount();
            started = System.nanoTime();
            blockingBytes = BlockingStyle.run(list, limit);
            if (r >= 0) {
                blockingWall.add((double) (System.nanoTime() - started));
                blockingThreads.add((double) threads.getPeakThreadCount());
            }
        }
        var rows = List.of(
                row(FUTURES, programLines("FutureStyle.java"), futureWall, futureThreads, futureBytes),
                row(BLOCKING, programLines("BlockingStyle.java"), blockingWall, blockingThreads, blockingBytes));
        return TableResult.of(ID, "The same program in two styles",
                "Fetch " + urls + " pages with at most " + limit + " in flight, a 5 s timeout each, one retry on a 5xx, and add up "
                        + "the bytes; median of " + repetitions + " after a warm-up. Lines: non-blank, non-comment lines of the program "
                        + "(between the markers in each file).", COLUMNS, rows);
    }

    private static Row row(String label, OptionalInt lines, List<Double> walls, List<Double> threads, long bytes) {
        return new Row(label, List.of(lines.isPresent() ? Value.of(lines.getAsInt()) : Value.text("source not found"),
                Value.of(Stat.of(walls.stream().mapToDouble(Double::doubleValue).toArray())),
                Value.of(Stat.of(threads.stream().mapToDouble(Double::doubleValue).toArray())), Value.of(bytes)));
    }

    /** Non-blank, non-comment lines between "// program:start" and "// program:end" of a source file of this package. */
    static OptionalInt programLines(String file) {
        Path source = Home.path().resolve("chapters/src/main/java/dev/conclab/chapters/asyncio").resolve(file);
        try {
            return OptionalInt.of(countProgramLines(Files.readAllLines(source)));
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    static int countProgramLines(List<String> lines) {
        boolean inside = false;
        int count = 0;
        for (String line : lines) {
            String t = line.strip();
            if (t.equals("// program:start")) {
                inside = true;
            } else if (t.equals("// program:end")) {
                inside = false;
            } else if (inside && !t.isEmpty() && !t.startsWith("//") && !t.startsWith("*") && !t.startsWith("/*")) {
                count++;
            }
        }
        return count;
    }
}
