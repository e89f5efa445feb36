package dev.conclab.lab.workload;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A unit rebuilt from its recipe computes what the workload computes, index by index. */
class RecipeTest {

    @Test
    void theStandardWorkloadsRebuildWithTheSameChecksums() throws Exception {
        for (Workload w : List.of(Workloads.sumOfSquares(Duration.ofMillis(1)), Workloads.sha256(Duration.ofMillis(1)),
                Workloads.sleep(Duration.ofMillis(1)), Workloads.mixed(Duration.ofMillis(1), Duration.ofMillis(1)))) {
            var unit = w.recipe().orElseThrow().unit();
            for (int i : new int[]{0, 1, 7, 1_000}) {
                assertThat(unit.call(i)).as("%s unit %d", w.id(), i).isEqualTo(w.runUnit(i));
            }
        }
    }

    @Test
    void aWorkloadOrKernelWithoutARecipeSaysSo() {
        Workload custom = new Workload() {
            public String id() {
                return "custom";
            }

            public String description() {
                return "a lambda-backed workload";
            }

            public Kind kind() {
                return Kind.CPU;
            }

            public long unitNanos() {
                return 1;
            }

            public long runUnit(int index) {
                return index;
            }

            public Map<String, Object> parameters() {
                return Map.of();
            }
        };
        assertThat(custom.recipe()).isEmpty();
        CpuKernel anonymous = new CpuKernel() {
            public String id() {
                return "anonymous";
            }

            public String description() {
                return "cannot be created by name";
            }

            public long run(int index, long iterations) {
                return index;
            }
        };
        assertThat(anonymous.recipe()).isEmpty();
        assertThatThrownBy(() -> new Recipe(null, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
