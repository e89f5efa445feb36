package dev.conclab.lab.experiment;

/**
 * Hears about long work as it goes, so the CLI can draw a progress bar. Calls come from the
 * thread that runs the experiment, in order: {@code begin}, any number of {@code step}, {@code end}.
 */
public interface ProgressListener {

    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(String title, long totalSteps) {
        }

        @Override
        public void step(String detail) {
        }

        @Override
        public void end() {
        }
    };

    /** A piece of work of {@code totalSteps} steps begins. */
    void begin(String title, long totalSteps);

    /** One more step is done; {@code detail} says which. */
    void step(String detail);

    /** The piece of work is over (also after a failure). */
    void end();
}
