package dev.conclab.chapters.threading;

import dev.conclab.gil.GilOptions;
import dev.conclab.gil.GilRuntime;
import dev.conclab.lab.model.Model;
import dev.conclab.lab.model.TaskFailedException;
import dev.conclab.lab.model.ThreadPerTaskModel;

import java.util.List;

/**
 * One platform thread per task, as {@link ThreadPerTaskModel} starts them, but every thread must
 * hold a simulated GIL ({@link GilRuntime}) to run: Python's {@code threading.Thread} per task
 * on CPython. The only difference from the {@code threads} model is the lock, so any gap
 * between the two rows of a report is the GIL's doing.
 *
 * <p>The GIL can only switch where the work lets it: CPU work must call
 * {@link GilRuntime#checkpoint()} (as {@link EvalLoopKernel} does) and waits must run as
 * {@link GilRuntime#blocking blocking calls} (as {@link GilWorkloads#sleep} does). A task that
 * does neither holds the GIL from start to end, like a C extension that never releases it.
 *
 * <p>Each run creates its own runtime and closes it before returning, so no thread or GIL
 * state outlives the run. Stateless between runs; use from one thread at a time.
 */
public final class GilThreadsModel implements Model {

    /** CPython's GIL with its default switch interval and hand-off. */
    public static final String GIL = "gil-threads";
    /** The same GIL with a FIFO hand-off. */
    public static final String GIL_FIFO = "gil-fifo";
    /** No GIL, like CPython 3.13t. */
    public static final String FREE_THREADED = "free-threaded";

    /** The identifiers {@link #byId} knows, in report order. */
    public static final List<String> IDS = List.of(GIL, GIL_FIFO, FREE_THREADED);

    private final String id;
    private final GilOptions options;
    private final ThreadPerTaskModel threads = new ThreadPerTaskModel();

    private GilThreadsModel(String id, GilOptions options) {
        this.id = id;
        this.options = options;
    }

    /** A model with any options; its id says whether it has a GIL and which hand-off. */
    public static GilThreadsModel of(GilOptions options) {
        String id = !options.hasGil() ? FREE_THREADED
                : options.handOff() == GilOptions.HandOff.FIFO ? GIL_FIFO : GIL;
        return new GilThreadsModel(id, options);
    }

    /**
     * The model called {@code id}, with CPython's default switch interval.
     *
     * @throws IllegalArgumentException naming the valid identifiers, if {@code id} is not one
     */
    public static GilThreadsModel byId(String id) {
        return switch (id) {
            case GIL -> of(GilOptions.cpython());
            case GIL_FIFO -> of(GilOptions.cpython().withHandOff(GilOptions.HandOff.FIFO));
            case FREE_THREADED -> of(GilOptions.freeThreaded());
            default -> throw new IllegalArgumentException("unknown model '" + id + "'; valid models: " + String.join(", ", IDS));
        };
    }

    public GilOptions options() {
        return options;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "one platform thread per task under a simulated interpreter: " + options.describe();
    }

    /** Every task is in progress at once (running, or waiting for the GIL); only one runs. */
    @Override
    public int concurrency(int tasks) {
        return tasks;
    }

    @Override
    public long[] run(int tasks, Task task) throws TaskFailedException, InterruptedException {
        try (var python = new GilRuntime(options)) {
            return threads.run(tasks, index -> python.call(() -> task.call(index)));
        } catch (TaskFailedException e) {
            // Same failure, reported under this model's name rather than the thread model's.
            var renamed = new TaskFailedException(id, e.index(), e.getCause());
            for (Throwable other : e.getSuppressed()) {
                renamed.addSuppressed(other);
            }
            throw renamed;
        }
    }
}
