package dev.conclab.chapters.multiprocessing;

import dev.conclab.chapters.threading.GilWorkloads;
import dev.conclab.lab.measure.Measurer;
import dev.conclab.lab.model.ModelProvider;
import dev.conclab.lab.model.SequentialModel;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.workload.CpuKernel;
import dev.conclab.lab.workload.Workload;
import dev.conclab.lab.workload.Workloads;
import dev.conclab.process.RemoteTaskException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process-pool model runs the harness's workloads in worker JVMs and keeps the measurement whole. */
@Timeout(120) // deadlock guard only
class ProcessPoolModelTest {

    @Test
    void unitsRebuiltInWorkersGiveTheSameChecksumsAndTheirCpuIsCounted() throws Exception {
        var measurer = new Measurer();
        for (Workload w : List.of(Workloads.sumOfSquares(Duration.ofMillis(2)), Workloads.sleep(Duration.ofMillis(2)),
                Workloads.mixed(Duration.ofMillis(1), Duration.ofMillis(1)), GilWorkloads.sumOfSquares(Duration.ofMillis(1)),
                GilWorkloads.mixed(Duration.ofMillis(1), Duration.ofMillis(1)), GilWorkloads.sleep(Duration.ofMillis(1)))) {
            var sequential = measurer.measure(new SequentialModel(), w, 9);
            var processes = measurer.measure(new ProcessPoolModel(2), w, 9);
            assertThat(processes.results()).as(w.description()).containsExactly(sequential.results());
            // Two JVMs starting up cost far more CPU than this process spends driving them.
            assertThat(processes.cpuNanos()).as("CPU of the run, workers included").isGreaterThan(100_000_000L);
            assertThat(processes.timeline()).allSatisfy(span -> assertThat(span.lane()).startsWith("worker-"));
            assertThat(processes.peakConcurrentTasks()).isBetween(1, 2);
        }
    }

    @Test
    void aUnitThatThrowsFailsTheRunWithTheRemoteError() {
        Workload failing = Workloads.cpu(new FailsAtThree(), Duration.ofMillis(1));
        assertThatThrownBy(() -> new Measurer().measure(new ProcessPoolModel(2), failing, 6))
                .isInstanceOf(TaskFailedException.class)
                .satisfies(e -> assertThat(((TaskFailedException) e).index()).isEqualTo(3))
                .hasCauseInstanceOf(RemoteTaskException.class)
                .hasMessageContaining("unit three");
    }

    @Test
    void aLambdaIsRefusedWithAClearError() {
        assertThatThrownBy(() -> new ProcessPoolModel(1).run(2, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot cross a process boundary");
    }

    @Test
    void theProcessPoolIsOfferedToTheCrossChapterComparisons() {
        assertThat(ModelProvider.all(2)).extracting(m -> m.id()).contains(ProcessPoolModel.ID);
    }

    /** A kernel that throws at index 3 in whatever JVM runs it (calibration runs indices 0 and 1). */
    public static final class FailsAtThree implements CpuKernel {
        @Override
        public String id() {
            return "fails-at-three";
        }

        @Override
        public String description() {
            return "throws at index 3";
        }

        @Override
        public long run(int index, long iterations) {
            if (index == 3) {
                throw new IllegalStateException("unit three");
            }
            long s = 0;
            for (long i = 0; i < iterations; i++) {
                s += i * index;
            }
            return s;
        }

        @Override
        public long minimumIterations() {
            return 1_000;
        }
    }
}
