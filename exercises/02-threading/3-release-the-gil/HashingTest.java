package exercises.threading.hashing;

import dev.conclab.gil.GilOptions;
import dev.conclab.gil.GilRuntime;
import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HashingTest {

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A digest that waits (up to 2 s) until every hashing thread is inside a digest at once,
     * without touching the GIL, like C code. Under a held GIL the others can never get in.
     */
    static final class MeetingDigest implements Function<byte[], String> {
        final CountDownLatch inside;
        final AtomicInteger together = new AtomicInteger();

        MeetingDigest(int threads) {
            inside = new CountDownLatch(threads);
        }

        @Override
        public String apply(byte[] data) {
            inside.countDown();
            try {
                if (inside.await(2, TimeUnit.SECONDS)) {
                    together.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return sha256(data);
        }
    }

    static List<byte[]> buffers(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> ("buffer " + i).getBytes()).toList();
    }

    @Test
    @DisplayName("two GIL threads hash at the same time")
    @Hint("Each digest ran holding the GIL, so the other thread could not start hashing. Wrap it in GilRuntime.blocking(...).")
    void twoHashAtOnce() throws Exception {
        try (var python = new GilRuntime(GilOptions.cpython())) {
            var digest = new MeetingDigest(2);
            Hashing.digestAll(python, buffers(2), digest);
            assertThat(digest.together.get()).as("threads that found the other inside the digest too").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("the digests are right and in buffer order")
    @Hint("Return each thread's result in the order of the buffers.")
    void digestsAreRight() throws Exception {
        try (var python = new GilRuntime(GilOptions.cpython())) {
            var data = buffers(4);
            assertThat(Hashing.digestAll(python, data, HashingTest::sha256))
                    .containsExactlyElementsOf(data.stream().map(HashingTest::sha256).toList());
        }
    }

    @Test
    @DisplayName("four GIL threads hash at the same time")
    @Hint("Every digest must run without the GIL, not just the first.")
    void fourHashAtOnce() throws Exception {
        try (var python = new GilRuntime(GilOptions.cpython())) {
            var digest = new MeetingDigest(4);
            Hashing.digestAll(python, buffers(4), digest);
            assertThat(digest.together.get()).isEqualTo(4);
        }
    }
}
