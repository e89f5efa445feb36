package dev.conclab.lab.model;

/** Runs the tasks one after another on the calling thread: the baseline every speedup is measured against. */
public final class SequentialModel implements Model {

    @Override
    public String id() {
        return "sequential";
    }

    @Override
    public String description() {
        return "one task after another on the calling thread";
    }

    @Override
    public int concurrency(int tasks) {
        return Math.min(tasks, 1);
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        var outcomes = new Outcomes(id(), tasks);
        for (int i = 0; i < tasks; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException(id() + " run interrupted before task " + i);
            }
            outcomes.run(task, i);
        }
        return outcomes.results();
    }
}
