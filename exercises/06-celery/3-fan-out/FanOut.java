package exercises.celery.fanout;

import dev.conclab.queue.TaskQueue;

import java.time.Duration;
import java.util.List;

/**
 * Exercise 6.3: a group — send every task, then gather.
 */
public final class FanOut {

    private FanOut() {
    }

    /** The sum of {@code square(x)} over {@code xs}, each square computed by a task on the queue's workers. */
    public static long sumOfSquares(TaskQueue queue, List<Integer> xs, Duration timeout) throws Exception {
        // TODO: send, wait, send, wait: only one task ever runs at a time.
        //  Send every task first, keep the AsyncResults, then gather.
        long sum = 0;
        for (int x : xs) {
            sum += queue.send("square", List.of(x)).get(timeout, Long.class);
        }
        return sum;
    }
}
