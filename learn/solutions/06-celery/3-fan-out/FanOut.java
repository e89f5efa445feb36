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
        var sent = new java.util.ArrayList<dev.conclab.queue.AsyncResult>(xs.size());
        for (int x : xs) {
            sent.add(queue.send("square", List.of(x)));
        }
        long sum = 0;
        for (var r : sent) {
            sum += r.get(timeout, Long.class);
        }
        return sum;
    }
}
