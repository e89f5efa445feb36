package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.model.Model;
import dev.conclab.lab.workload.Recipe;
import dev.conclab.process.ProcessTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one unit of a workload in a worker process, rebuilt from its {@link Recipe}: the bridge
 * between the harness's workloads and {@link dev.conclab.process.ProcessPool}.
 *
 * <p>Argument: {@code [kernel class or null, kernel arguments, iterations, wait ns, index]} (see
 * {@link #argument}). Result: {@code long[] {checksum, start ns, end ns, worker pid}}, the times
 * read from {@link System#nanoTime()}, which on Linux is {@code CLOCK_MONOTONIC} and agrees
 * across processes, so the parent can place the unit on its own timeline.
 *
 * <p>One instance per worker (see {@link ProcessTask}): it keeps the rebuilt units, so the
 * kernel is constructed once per worker, not once per call.
 */
public final class RunUnits implements ProcessTask<List<Object>, long[]> {

    private final Map<List<Object>, Model.Task> units = new HashMap<>();

    /** The argument for unit {@code index} of the workload that {@code recipe} rebuilds. */
    static List<Object> argument(Recipe recipe, int index) {
        var a = new ArrayList<Object>(5);
        a.add(recipe.kernel() == null ? null : recipe.kernel().className());
        a.add(recipe.kernel() == null ? List.of() : recipe.kernel().arguments());
        a.add(recipe.iterations());
        a.add(recipe.waitNanos());
        a.add(index);
        return a;
    }

    @Override
    @SuppressWarnings("unchecked")
    public long[] call(List<Object> a) throws Exception {
        List<Object> key = a.subList(0, 4);
        Model.Task unit = units.get(key);
        if (unit == null) {
            var kernel = a.get(0) == null ? null : new Recipe.Kernel((String) a.get(0), (List<String>) a.get(1));
            unit = new Recipe(kernel, (Long) a.get(2), (Long) a.get(3)).unit();
            units.put(new ArrayList<>(key), unit);
        }
        long start = System.nanoTime();
        long checksum = unit.call((Integer) a.get(4));
        return new long[]{checksum, start, System.nanoTime(), ProcessHandle.current().pid()};
    }
}
