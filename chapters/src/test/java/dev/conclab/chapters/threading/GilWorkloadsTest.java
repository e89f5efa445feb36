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

        // A wait that ends only when another thread, which needs the GIL, says so.
        var released = new CountDownLatch(1);
        Workload waitForOther = GilWorkloads.blocking(new LatchWait(released));
        try (var gil = new GilRuntime(GilOptions.cpython())) {
            var waiter = gil.start("waiter", () -> waitForOther.runUnit(7));
            gil.call(() -> {
                released.countDown();
                return null;
            });
            assertThat(waiter.join()).as("the other thread got the GIL while the unit waited").isEqualTo(7);
        }
        assertThatThrownBy(() -> GilWorkloads.blocking(Workloads.sumOfSquares(Duration.ofMillis(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only waits");
    }

    /** One unit waits for a latch: returns its index if the latch opened within 20 s, else -1. */
    private record LatchWait(CountDownLatch latch) implements Workload {
        @Override
        public String id() {
            return "latch";
        }

        @Override
        public String description() {
            return "waits for a latch";
        }

        @Override
        public Kind kind() {
            return Kind.WAIT;
        }

        @Override
        public long unitNanos() {
            return 0;
        }

        @Override
        public long runUnit(int index) throws InterruptedException {
            return latch.await(20, TimeUnit.SECONDS) ? index : -1;
        }

        @Override
        public java.util.Map<String, Object> parameters() {
            return java.util.Map.of();
        }
    }
}
