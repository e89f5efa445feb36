package dev.conclab.lab.model;

/**
 * Starts one platform thread per task and joins them all: Python's
 * {@code threading.Thread(target=...).start()} followed by {@code join()}, in Java.
 * Each platform thread is an operating-system thread with its own stack.
 */
public final class ThreadPerTaskModel implements Model {

    @Override
    public String id() {
        return "threads";
    }

    @Override
    public String description() {
        return "one platform thread per task (new Thread().start(), then join())";
    }

    @Override
    public int concurrency(int tasks) {
        return tasks;
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(id(), tasks);
        var threads = new Thread[tasks];
        var builder = Thread.ofPlatform().name("conclab-thread-", 0);
        for (int i = 0; i < tasks; i++) {
            int index = i;
            threads[i] = builder.start(() -> outcomes.run(task, index));
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // Pass the interrupt on to the tasks, but still wait for every thread so
                    // that none outlives the run.
                    interrupted = true;
                    for (Thread t : threads) {
                        t.interrupt();
                    }
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException(id() + " run interrupted");
        }
        return outcomes.results();
    }
}
