package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import dev.conclab.gil.GilRuntime;
import dev.conclab.lab.workload.SumOfSquares;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // deadlock guard only
class GilWorkloadsTest {

    @Test
    void theEvalLoopKernelGivesTheSameResultUnderAnyRuntimeAndCoversEveryIteration() throws Exception {
        var kernel = new EvalLoopKernel(new SumOfSquares(), 1_000);
        long outside = kernel.run(3, 10_500);
        long underGil;
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            underGil = gil.call(() -> kernel.run(3, 10_500));
        }
        assertThat(underGil).isEqualTo(outside);
        assertThat(kernel.run(3, 10_501)).as("the last, partial step counts").isNotEqualTo(outside);
        assertThat(kernel.run(4, 10_500)).isNotEqualTo(outside);
        assertThatThrownBy(() -> new EvalLoopKernel(new SumOfSquares(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEvalLoopKernelLetsAWaitingThreadInDuringOneLongUnit() throws Exception {
        // One call of a few hundred milliseconds: only its checkpoints can let the other thread in.
        var kernel = new EvalLoopKernel(new SumOfSquares(), 2_000);
        var options = GilOptions.cpython().withSwitchInterval(Duration.ofMillis(1));
        try (var gil = new GilRuntime(options)) {
            var computing = new CountDownLatch(1);
            var other = new CountDownLatch(1);
            var worker = gil.start("worker", () -> {
                computing.countDown();
                long sum = 0;
                // Keep computing in long units until the other thread has been in.
                for (int i = 0; i < 1_000 && other.getCount() > 0; i++) {
                    sum += kernel.run(i, 2_000_000);
                }
                return other.getCount() == 0 ? sum : null;
            });
            assertThat(computing.await(20, TimeUnit.SECONDS)).isTrue();
            gil.call(() -> {
                other.countDown();
                return null;
            });
            assertThat(worker.join()).as("the other thread got in while the worker computed").isNotNull();
            assertThat(gil.stats().requestedDrops()).isPositive();
        }
    }

    @Test
    void stepsAreSizedToTheStepDuration() {
        EvalLoopKernel kernel = GilWorkloads.evalLoop(new SumOfSquares(), Duration.ofMillis(5));
        var plain = dev.conclab.lab.workload.Calibration.of(new SumOfSquares(), Duration.ofMillis(5));
        double stepsPerUnit = (double) plain.iterations() / kernel.stepIterations();
        // 5 ms of work in 10 µs steps: about 500 checkpoints per unit (the calibration's own noise aside).
        assertThat(stepsPerUnit).isBetween(100.0, 2_500.0);
        Workload cpu = GilWorkloads.cpu(new SumOfSquares(), Duration.ofMillis(5));
        assertThat(cpu.id()).isEqualTo("sum-of-squares-eval-loop");
        assertThat(cpu.kind()).isEqualTo(Workload.Kind.CPU);
    }

    @Test
    void aBlockingWaitReleasesTheGilAndOnlyWaitsMayBeWrapped() throws Exception {
        Workload sleep = GilWorkloads.sleep(Duration.ofMillis(300));
        assertThat(sleep.kind()).isEqualTo(Workload.Kind.WAIT);
        assertThat(sleep.unitNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(sleep.description()).contains("released the GIL");
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var sleeping = gil.start("sleeper", () -> sleep.runUnit(7));
            ShutdownWait.untilWaiting(sleeping.thread());
            // The sleeper holds no GIL while it sleeps: this thread gets it at once.
            assertThat(gil.call(() -> gil.holder().orElseThrow())).isEqualTo(Thread.currentThread());
            assertThat(sleeping.join()).isEqualTo(7);
        }
        assertThatThrownBy(() -> GilWorkloads.blocking(Workloads.sumOfSquares(Duration.ofMillis(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only waits");
    }

    /** Waits until a thread is parked or sleeping. */
    static final class ShutdownWait {
        static void untilWaiting(Thread thread) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(thread.getName() + " never started waiting");
                }
                Thread.sleep(1);
            }
        }
    }
}
