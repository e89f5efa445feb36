package dev.conclab.lab.model;

import java.util.concurrent.ExecutorService;

/** Runs a batch by submitting every task to an executor and closing it, which waits for all of them. */
final class ExecutorRun {

    private ExecutorRun() {
    }

    static long[] runAll(String model, ExecutorService executor, int tasks, Model.Task task)
            throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(model, tasks);
        // close() waits for every submitted task; if this thread is interrupted meanwhile it
        // cancels the rest, keeps waiting, and leaves the interrupt status set for us to report.
        try (executor) {
            for (int i = 0; i < tasks; i++) {
                int index = i;
                executor.execute(() -> outcomes.run(task, index));
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException(model + " run interrupted");
        }
        return outcomes.results();
    }
}
