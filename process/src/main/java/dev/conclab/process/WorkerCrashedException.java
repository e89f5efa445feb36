package dev.conclab.process;

import java.util.OptionalInt;

/**
 * The worker process running a task died before the task returned: killed ({@code kill -9}),
 * {@code System.exit}, an {@link OutOfMemoryError} (workers run with
 * {@code -XX:+ExitOnOutOfMemoryError}) or a crash of the JVM. Only the task that was running
 * fails with it; the pool starts a replacement worker and every other task still runs.
 */
public final class WorkerCrashedException extends Exception {

    private final long pid;
    private final int exitCode;

    WorkerCrashedException(long pid, int exitCode, String task) {
        super("worker process " + pid + " died while running " + task + ": " + describe(exitCode));
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** The worker's process id. */
    public long pid() {
        return pid;
    }

    /** The exit code as {@link Process#exitValue()} gives it: on Unix 128 + the signal number when a signal killed it. */
    public int exitCode() {
        return exitCode;
    }

    /** The signal that killed the worker (9 for {@code kill -9}), if a signal did. */
    public OptionalInt signal() {
        return exitCode > 128 && exitCode < 128 + 65 ? OptionalInt.of(exitCode - 128) : OptionalInt.empty();
    }

    static String describe(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 65) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 11 -> " (SIGSEGV)";
                case 6 -> " (SIGABRT)";
                default -> "";
            };
            return "killed by signal " + signal + name + ", exit code " + exitCode;
        }
        return "exit code " + exitCode + (exitCode == 3 ? " (out of memory: -XX:+ExitOnOutOfMemoryError)" : "");
    }
}
