package dev.conclab.chapters.futures.samples;

import java.util.List;

/**
 * One idea of concurrent.futures' Java counterparts, in a file of its own (after the JMH
 * samples): it runs a small scenario, measures what happened, and says so in sentences made
 * from what it measured. The chapter runs every sample and shows them as one table.
 */
public interface Sample {

    /** "F01", "F02"…: the order to read them in. */
    String number();

    /** The Python it stands beside, e.g. {@code future.result(timeout=0.1)}. */
    String python();

    /** The Java it shows, e.g. {@code Future.get(100, MILLISECONDS)}. */
    String java();

    /** Runs the scenario and reports what was observed. */
    Observation run() throws Exception;

    /**
     * What a sample observed.
     *
     * @param holds  whether the API behaved as the sample says it does (a contract check)
     * @param facts  sentences computed from the run, e.g. "get() gave up after 101 ms; the task finished 398 ms later"
     */
    record Observation(boolean holds, List<String> facts) {
        public Observation {
            facts = List.copyOf(facts);
        }
    }
}
