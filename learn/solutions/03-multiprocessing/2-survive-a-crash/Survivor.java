package exercises.multiprocessing.survive;

import dev.conclab.process.ProcessPool;
import dev.conclab.process.ProcessTask;
import dev.conclab.process.WorkerCrashedException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Exercise 3.2: keep every result of a batch in which some items kill their worker.
 */
public final class Survivor {

    private Survivor() {
    }

    /** Doubles its input; a negative input takes the whole worker JVM down, as a crashing native library would. */
    public static final class Fragile implements ProcessTask<Integer, Integer> {
        @Override
        public Integer call(Integer x) {
            if (x < 0) {
                Runtime.getRuntime().halt(70);
            }
            return 2 * x;
        }
    }

    /**
     * What a batch gave.
     *
     * @param results input -> result, for every input whose task returned
     * @param crashed the inputs whose worker died while running them, in input order
     */
    public record Report(Map<Integer, Integer> results, List<Integer> crashed) {
    }

    /** Runs {@link Fragile} on every input in {@code pool} and reports each input's outcome. */
    public static Report runAll(ProcessPool pool, List<Integer> inputs) throws InterruptedException {
        var results = new LinkedHashMap<Integer, Integer>();
        var crashed = new ArrayList<Integer>();
        List<Future<Integer>> futures = pool.mapAsync(Fragile.class, inputs, 1);
        for (int i = 0; i < inputs.size(); i++) {
            try {
                results.put(inputs.get(i), futures.get(i).get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WorkerCrashedException) {
                    crashed.add(inputs.get(i));
                }
            }
        }
        return new Report(results, crashed);
    }
}
