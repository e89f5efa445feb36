package dev.conclab.chapters.basics;

import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.Cell;
import dev.conclab.lab.experiment.Experiment;
import dev.conclab.lab.experiment.GridResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.model.SequentialModel;
import dev.conclab.lab.model.ThreadPerTaskModel;
import dev.conclab.lab.model.VirtualThreadsModel;
import dev.conclab.lab.workload.Workloads;

import java.time.Duration;
import java.util.List;

import static dev.conclab.lab.report.Format.duration;
import static dev.conclab.lab.report.Format.times;

/**
 * {@code conclab bench basics}: the foundation's two speed goals on this machine.
 * <ul>
 *   <li>2 CPU-bound tasks on 2 platform threads run at least 1.9x faster than one after the
 *       other (on a machine with at least 2 cores).</li>
 *   <li>1,000 waits of 100 ms on virtual threads finish within 0.15 s.</li>
 * </ul>
 */
public final class BasicsBenchmark implements Benchmark {

    @Override
    public String id() {
        return "basics";
    }

    @Override
    public String description() {
        return "2 CPU tasks on 2 threads vs sequential; 1,000 x 100 ms waits on virtual threads";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int waits = full ? 1_000 : 100;
        Duration wait = Duration.ofMillis(100);
        Duration cpuUnit = Duration.ofMillis(full ? 200 : 20);

        GridResult cpu = Experiment.of("cpu", "2 CPU-bound tasks", Workloads.sumOfSquares(cpuUnit))
                .models(List.of(new SequentialModel(), new ThreadPerTaskModel()))
                .sizes(2).warmups(full ? 2 : 1).repetitions(full ? 9 : 3)
                .run(progress);
        GridResult sleep = Experiment.of("waits", waits + " waits", Workloads.sleep(wait))
                .models(List.of(new VirtualThreadsModel()))
                .sizes(waits).warmups(1).repetitions(full ? 7 : 3)
                .run(progress);

        Cell sequential = cpu.cell("sequential", 2).orElseThrow();
        Cell threads = cpu.cell("threads", 2).orElseThrow();
        Cell virtual = sleep.cell("virtual", waits).orElseThrow();

        var speedup = new Figure("cpu.speedup.2threads", "2 CPU tasks: speedup of 2 platform threads over sequential", "x",
                threads.speedup(), null);
        var cpuSequential = seconds("cpu.sequential.wall", "2 CPU tasks of " + duration(cpuUnit.toNanos()) + ", sequential", sequential.wallNanos());
        var cpuThreads = seconds("cpu.threads.wall", "2 CPU tasks on 2 platform threads", threads.wallNanos());
        var waitWall = seconds("waits.virtual.wall", waits + " waits of 100 ms on virtual threads", virtual.wallNanos());
        var waitP99 = seconds("waits.virtual.p99", "completion p99 of those waits", virtual.latencyNanos().p99());

        var goals = List.of(Goal.atLeast(speedup, 1.9), Goal.atMost(waitWall, 0.15));
        var notes = List.of(
                "2 CPU tasks: %s sequential, %s on 2 threads: %s on %d cores.".formatted(
                        duration(sequential.wallNanos().median()), duration(threads.wallNanos().median()),
                        times(threads.speedup()), cpu.cores()),
                "%d waits of 100 ms on virtual threads: %s, %s above one wait (the limit); %s platform threads at the peak.".formatted(
                        waits, duration(virtual.wallNanos().median()),
                        duration(virtual.wallNanos().median() - wait.toNanos()),
                        (long) virtual.peakPlatformThreads().median()));
        return BenchResult.of(id(), size, List.of(speedup, cpuSequential, cpuThreads, waitWall, waitP99), goals, notes);
    }

    private static Figure seconds(String name, String label, Stat nanos) {
        return new Figure(name, label, "s", nanos.median() / 1e9,
                new Stat(nanos.median() / 1e9, nanos.min() / 1e9, nanos.max() / 1e9));
    }
}
