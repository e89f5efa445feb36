package dev.conclab.queue;

/**
 * A group of tasks registered together, by a class with a public no-argument constructor. The processes
 * pool starts worker JVMs that register the same sets by class name, so only tasks from a TaskSet can run
 * there (a lambda cannot cross a process boundary).
 */
public interface TaskSet {

    void register(TaskQueue queue);
}
