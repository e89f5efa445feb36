package exercises.multiprocessing.share;

import dev.conclab.learn.Hint;
import dev.conclab.process.ProcessPool;
import dev.conclab.process.SharedMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.ValueLayout;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SharedSumTest {

    private static final long[] VALUES = LongStream.range(0, 1_000_000).map(i -> i % 1_000).toArray();
    private static ProcessPool pool;

    @BeforeAll
    static void start() throws Exception {
        pool = ProcessPool.builder().workers(2).build();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    @DisplayName("the sum is right")
    @Hint("Each [handle, first, count] must cover its own part of the array, and together all of it, once.")
    void sumIsRight() throws Exception {
        assertThat(SharedSum.sum(pool, VALUES, 4)).isEqualTo(LongStream.of(VALUES).sum());
    }

    @Test
    @DisplayName("each task's argument is a few bytes, not a slice of the array")
    @Hint("Give each task List.of(block.handle(), first, count) instead of a long[] slice.")
    void argumentsAreSmall() {
        try (var block = SharedMemory.create(VALUES.length * 8L)) {
            var arguments = SharedSum.arguments(block, VALUES, 4);
            assertThat(arguments).hasSize(4);
            assertThat(arguments).allSatisfy(a -> assertThat(ProcessPool.encodedSize(a)).as("bytes on the wire").isLessThan(200));
        }
    }

    @Test
    @DisplayName("the values are copied into the shared block, once, before the tasks run")
    @Hint("MemorySegment.copy(values, 0, block.segment(), ValueLayout.JAVA_LONG, 0, values.length) in arguments().")
    void blockHoldsTheValues() {
        try (var block = SharedMemory.create(VALUES.length * 8L)) {
            SharedSum.arguments(block, VALUES, 4);
            for (int i : new int[]{0, 1, 999, 123_456, VALUES.length - 1}) {
                assertThat(block.segment().getAtIndex(ValueLayout.JAVA_LONG, i)).as("value %d", i).isEqualTo(VALUES[i]);
            }
        }
    }
}
