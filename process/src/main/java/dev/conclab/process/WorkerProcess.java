package dev.conclab.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's side of one worker JVM: its process and the two pipes. Used by one driver thread
 * at a time, except {@link #kill()}, which any thread may call (the timeout watchdog, shutdownNow).
 */
final class WorkerProcess {

    /** How long a retiring worker gets to exit by itself before it is killed. */
    private static final long EXIT_GRACE_SECONDS = 10;

    final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final long pid;
    private volatile long cpuNanos;
    private java.nio.file.Path dumpTo;   // where this worker writes a class-data archive at exit, or null; driver thread only
    private java.nio.file.Path archive;  // where that archive goes once complete
    private final java.util.ArrayDeque<String> lastLog = new java.util.ArrayDeque<>(); // guarded by itself
    private final Thread logRelay;

    private WorkerProcess(Process process) {
        this.process = process;
        this.pid = process.pid();
        this.in = process.getInputStream();
        this.out = process.getOutputStream();
        // stderr is the worker's log: relay it line by line to ours, and keep the last lines to
        // explain a worker that fails to start.
        this.logRelay = Thread.ofVirtual().name("worker-" + pid + "-stderr").start(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.err.println(line);
                    synchronized (lastLog) {
                        if (lastLog.size() == 20) {
                            lastLog.removeFirst();
                        }
                        lastLog.addLast(line);
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
    }

    /** Starts the JVM and sends it the INIT frame; does not wait for it to be ready. */
    static WorkerProcess launch(List<String> command, byte[] initFrame) throws IOException {
        return launch(command, initFrame, null, null);
    }

    /**
     * As {@link #launch(List, byte[])}; a worker given {@code -XX:ArchiveClassesAtExit=dumpTo}
     * also gets {@code archive}, where {@link #retire()} moves its archive once it has exited cleanly.
     */
    static WorkerProcess launch(List<String> command, byte[] initFrame, java.nio.file.Path dumpTo, java.nio.file.Path archive)
            throws IOException {
        var process = new ProcessBuilder(command).start();
        var worker = new WorkerProcess(process);
        worker.dumpTo = dumpTo;
        worker.archive = archive;
        try {
            Wire.write(worker.out, initFrame);
        } catch (IOException e) {
            worker.kill();
            throw e;
        }
        return worker;
    }

    /**
     * Waits for READY.
     *
     * @throws RemoteTaskException if the initializer threw (the worker is then retired)
     * @throws IOException if the worker died first
     */
    void awaitReady() throws IOException, RemoteTaskException {
        Wire.Message ready;
        try {
            ready = read();
        } catch (IOException e) {
            throw notStarted(e);
        }
        if (ready.kind() != Wire.READY) {
            throw new IOException("worker " + pid + " sent " + (char) ready.kind() + " before READY");
        }
        if (ready.value() != null) {
            retire();
            throw RemoteTaskException.of(ready.value(), pid);
        }
    }

    /** Why the JVM did not start: its exit code and what it printed (the JVM reports bad options on stdout). */
    private IOException notStarted(IOException e) {
        String head = e instanceof Wire.CorruptFrameException c ? c.head : "";
        String rest = "";
        try {
            if (process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                rest = new String(in.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8);
                logRelay.join(TimeUnit.SECONDS.toMillis(EXIT_GRACE_SECONDS));
            }
            synchronized (lastLog) {
                rest += " " + String.join(" ", lastLog);
            }
        } catch (IOException | InterruptedException ignored) {
            // report what we have
        }
        kill();
        String printed = (head + rest).strip().replace('\n', ' ');
        return new IOException("worker JVM " + pid + " did not start (" + (process.isAlive() ? "running" : "exit code " + process.exitValue()) + ")"
                + (printed.isEmpty() ? ": " + e.getMessage() : ": " + printed), e);
    }

    void send(byte[] frame) throws IOException {
        Wire.write(out, frame);
    }

    Wire.Message read() throws IOException {
        Wire.Message m = Wire.readMessage(in);
        // Cumulative figures; a worker still linking its clock sends 0, which must not erase one.
        cpuNanos = Math.max(cpuNanos, m.cpuNanos());
        return m;
    }

    long pid() {
        return pid;
    }

    /** The worker's CPU time as of its last message. */
    long cpuNanos() {
        return cpuNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    void kill() {
        process.destroyForcibly();
    }

    /**
     * Waits for the process to end (killing it if it will not within the grace period) and
     * returns its exit code. Uninterruptible, so that a pool that reports termination has no
     * process left: an interrupt kills the worker at once and is restored on return.
     */
    int awaitExit() {
        boolean interrupted = false;
        boolean killed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_GRACE_SECONDS);
        while (process.isAlive()) {
            try {
                if (killed) {
                    process.waitFor();
                } else if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    killed = true;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                process.destroyForcibly();
                killed = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (dumpTo != null) {
            publishArchive(process.exitValue());
            dumpTo = null;
        }
        return process.exitValue();
    }

    /**
     * After its output ended: gives the process a moment to finish exiting by itself, so its own
     * exit code (3 for out of memory, System.exit's) is what gets reported, then kills it (a
     * protocol error can leave it alive) and reaps it.
     */
    int awaitExitAfterEof() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return awaitExit();
    }

    /** Closes stdin so the worker exits by itself, reads its final CPU figure, and waits for it to end. */
    void retire() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already gone: awaitExit below still reaps it
        }
        try {
            while (read().kind() != Wire.BYE) {
                // a late result of a cancelled task: drop it
            }
        } catch (IOException ended) {
            // no BYE: it died meanwhile; its last figure stands
        }
        awaitExit();
    }

    /**
     * Moves the archive this worker wrote at exit into place, in one atomic rename, so a worker
     * starting meanwhile sees either no archive or a whole one; a worker that did not exit cleanly
     * may have left a partial file, which is deleted.
     */
    private void publishArchive(int exit) {
        try {
            if (exit == 0 && java.nio.file.Files.isRegularFile(dumpTo)) {
                java.nio.file.Files.move(dumpTo, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("conclab process pool: could not keep the class-data archive " + archive + ": " + e.getMessage());
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(dumpTo);
            } catch (IOException ignored) {
                // a leftover temporary file in the cache folder
            }
        }
    }
}
