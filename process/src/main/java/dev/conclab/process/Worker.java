package dev.conclab.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a worker JVM. Reads frames from stdin, runs each chunk's items one after
 * another on the main thread, and writes one frame per item to stdout as it finishes; logs and
 * anything a task prints go to stderr, since stdout belongs to the protocol.
 *
 * <p>Exits when stdin ends (the pool closed it, or the parent died and the kernel closed it),
 * and, because a task may be busy for a long time without reading stdin, also when a watcher
 * thread sees that the parent process is gone: a worker never outlives its pool.
 */
public final class Worker {

    /** How often the watcher checks that the parent is alive: the longest an orphan can live. */
    static final long PARENT_CHECK_MILLIS = 200;

    /** Set once {@link CpuClock} is loaded; until then messages carry 0 and the pool keeps its last figure. */
    private static volatile boolean clockReady;

    private final Map<String, ProcessTask<Object, Object>> tasks = new HashMap<>();
    private final OutputStream out;

    private Worker(OutputStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Worker <parent pid>; started by dev.conclab.process.ProcessPool");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        var out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        // A task's println must not corrupt the protocol.
        System.setOut(System.err);
        watchParent(parentPid);
        // The management classes behind the CPU clock take tens of milliseconds to load: done on
        // the side, so the worker answers without waiting for them.
        Thread.ofPlatform().daemon().name("cpu-clock").start(() -> {
            CpuClock.nanos();
            clockReady = true;
        });
        try {
            new Worker(out).serve(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        } catch (IOException e) {
            // The parent is gone (broken pipe) or sent garbage: either way nobody to talk to.
            System.err.println("conclab worker " + ProcessHandle.current().pid() + " exiting: " + e.getMessage());
            Runtime.getRuntime().halt(1);
        }
    }

    private static void watchParent(long parentPid) {
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            while (true) {
                var parent = ProcessHandle.current().parent();
                if (parent.isEmpty() || parent.get().pid() != parentPid || !parent.get().isAlive()) {
                    Runtime.getRuntime().halt(1);
                }
                try {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void serve(BufferedInputStream in) throws IOException {
        while (true) {
            DataInputStream frame = Wire.readFrame(in);
            if (frame == null) {
                long cpu = CpuClock.nanos();
                try {
                    Wire.write(out, Wire.frame(o -> {
                        o.writeByte(Wire.BYE);
                        o.writeLong(cpu);
                    }));
                } catch (IOException parentGone) {
                    // stdin ended because the parent died: nobody reads the figure
                }
                Runtime.getRuntime().halt(0);
            }
            byte kind = frame.readByte();
            String taskClass = Codec.readString(frame);
            Object argument = Codec.read(frame);
            switch (kind) {
                case Wire.INIT -> init(taskClass, argument);
                case Wire.RUN -> run(taskClass, (List<?>) argument);
                default -> throw new IOException("corrupt frame: unknown message kind " + kind);
            }
        }
    }

    private void init(String taskClass, Object argument) throws IOException {
        Object error = null;
        if (!taskClass.isEmpty()) {
            try {
                task(taskClass).call(argument);
            } catch (Throwable t) {
                error = Wire.error(t);
            }
        }
        long pid = ProcessHandle.current().pid();
        long cpu = cpuSoFar();
        Object e = error;
        Wire.write(out, Wire.frame(o -> {
            o.writeByte(Wire.READY);
            o.writeLong(cpu);
            o.writeLong(pid);
            Codec.write(o, e);
        }));
    }

    private void run(String taskClass, List<?> arguments) throws IOException {
        ProcessTask<Object, Object> task = null;
        Throwable loadFailure = null;
        try {
            task = task(taskClass);
        } catch (Throwable t) {
            loadFailure = t;
        }
        for (int item = 0; item < arguments.size(); item++) {
            Object result = null;
            Throwable failure = loadFailure;
            if (task != null) {
                try {
                    result = task.call(arguments.get(item));
                    String bad = Codec.unencodable(result);
                    if (bad != null) {
                        failure = Codec.cannotEncode("result of " + taskClass, bad);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }
            int index = item;
            long cpu = cpuSoFar();
            Object value = failure == null ? result : Wire.error(failure);
            byte kind = failure == null ? Wire.VALUE : Wire.ERROR;
            Wire.write(out, Wire.frame(o -> {
                o.writeByte(kind);
                o.writeInt(index);
                o.writeLong(cpu);
                Codec.write(o, value);
            }));
        }
    }

    /** The process's CPU time so far, or 0 while the clock is still being loaded. */
    private static long cpuSoFar() {
        return clockReady ? CpuClock.nanos() : 0;
    }

    @SuppressWarnings("unchecked")
    private ProcessTask<Object, Object> task(String name) throws ReflectiveOperationException {
        var task = tasks.get(name);
        if (task == null) {
            Class<?> type = Class.forName(name, true, Worker.class.getClassLoader());
            ProcessPool.checkTaskClass(type);
            task = (ProcessTask<Object, Object>) type.getConstructor().newInstance();
            tasks.put(name, task);
        }
        return task;
    }
}
