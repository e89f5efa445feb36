package exercises.multiprocessing.survive;

import dev.conclab.process.ProcessPool;
import dev.conclab.process.ProcessTask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

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
        // TODO: map is all or nothing: the first crash throws, and every good result is lost with
        //  it. Take one future per input (mapAsync, chunksize 1) and sort each outcome: a result,
        //  or a crash (ExecutionException caused by WorkerCrashedException).
        var results = new LinkedHashMap<Integer, Integer>();
        var crashed = new ArrayList<Integer>();
        try {
            List<Integer> out = pool.map(Fragile.class, inputs, 1);
            for (int i = 0; i < inputs.size(); i++) {
                results.put(inputs.get(i), out.get(i));
            }
        } catch (ExecutionException e) {
            // the whole batch is lost
        }
        return new Report(results, crashed);
    }
}
