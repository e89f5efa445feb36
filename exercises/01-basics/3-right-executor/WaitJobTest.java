package exercises.basics.rightexecutor;

import dev.conclab.lab.measure.Measurer;
import dev.conclab.lab.measure.RunMeasurement;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.report.Format;
import dev.conclab.lab.workload.Workload;
import dev.conclab.learn.Hint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WaitJobTest {

    static final int TASKS = 500;

    /**
     * A wait that ends when all {@code tasks} are waiting at once, or at a shared deadline: so a
     * model that runs only a few at a time fails in seconds instead of hanging.
     */
    static final class Meeting implements Workload {
        final CountDownLatch all;
        final long deadline;
        final AtomicInteger missed = new AtomicInteger();

        Meeting(int tasks, long seconds) {
            all = new CountDownLatch(tasks);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        }

        public String id() { return "meeting"; }
        public String description() { return "wait until every task is waiting"; }
        public Kind kind() { return Kind.WAIT; }
        public long unitNanos() { return 0; }
        public Map<String, Object> parameters() { return Map.of(); }

        public long runUnit(int index) throws InterruptedException {
            all.countDown();
            if (!all.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                missed.incrementAndGet();
            }
            return index;
        }
    }

    /** Your executor as one of the lab's models. */
    static Model modelOf(String id, IntFunction<ExecutorService> executors) {
        return new Model() {
            public String id() { return id; }
            public String description() { return id; }
            public int concurrency(int tasks) { return tasks; }
            public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
                long[] results = new long[tasks];
                try (ExecutorService executor = executors.apply(tasks)) {
                    Future<?>[] futures = new Future<?>[tasks];
                    for (int i = 0; i < tasks; i++) {
                        int index = i;
                        futures[i] = executor.submit(() -> {
                            results[index] = task.call(index);
                            return null;
                        });
                    }
                    for (int i = 0; i < tasks; i++) {
                        try {
                            futures[i].get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new TaskFailedException(id, i, e.getCause());
                        }
                    }
                }
                return results;
            }
        };
    }

    @Test
    @DisplayName("lets all 500 tasks wait at the same time")
    @Hint("A pool of `cores` threads runs `cores` waits at a time. Waits need concurrency, not cores: one (virtual) thread per task.")
    void letsAllTasksWaitAtOnce() throws Exception {
        var meeting = new Meeting(TASKS, 5);
        RunMeasurement run = new Measurer().measure(modelOf("yours", WaitJob::executorFor), meeting, TASKS);
        assertThat(run.peakConcurrentTasks()).as("tasks waiting at the same time, out of " + TASKS).isEqualTo(TASKS);
        assertThat(meeting.missed.get()).as("tasks that gave up waiting for the others").isZero();
    }

    @Test
    @DisplayName("runs each task on a virtual thread, not an operating-system thread of its own")
    @Hint("Executors.newVirtualThreadPerTaskExecutor(): a virtual thread per task, a few carrier threads in all.")
    void usesVirtualThreads() throws Exception {
        var platform = new AtomicInteger();
        try (ExecutorService executor = WaitJob.executorFor(50)) {
            for (int i = 0; i < 50; i++) {
                executor.submit(() -> {
                    if (!Thread.currentThread().isVirtual()) {
                        platform.incrementAndGet();
                    }
                });
            }
        }
        assertThat(platform.get()).as("tasks that ran on a platform thread, out of 50").isZero();
    }

    @Test
    @DisplayName("the harness measures your executor beside a pool of 2 threads")
    @Hint("This check passes once the first one does; read the figures it prints.")
    void showItWithTheHarness() throws Exception {
        var measurer = new Measurer();
        var pool = new Meeting(TASKS, 1);
        RunMeasurement pooled = measurer.measure(modelOf("fixed pool of 2", n -> Executors.newFixedThreadPool(2)), pool, TASKS);
        var yours = new Meeting(TASKS, 5);
        RunMeasurement chosen = measurer.measure(modelOf("yours", WaitJob::executorFor), yours, TASKS);
        System.out.printf("%-16s peak waiting %4d of %d, wall %s, peak platform threads %d%n", "fixed pool of 2",
                pooled.peakConcurrentTasks(), TASKS, Format.duration(pooled.wallNanos()), pooled.peakPlatformThreads());
        System.out.printf("%-16s peak waiting %4d of %d, wall %s, peak platform threads %d%n", "your executor",
                chosen.peakConcurrentTasks(), TASKS, Format.duration(chosen.wallNanos()), chosen.peakPlatformThreads());
        assertThat(pooled.peakConcurrentTasks()).isEqualTo(2);
        assertThat(chosen.peakConcurrentTasks()).isEqualTo(TASKS);
    }
}
