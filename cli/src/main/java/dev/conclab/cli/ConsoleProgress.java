package dev.conclab.cli;

import dev.conclab.lab.experiment.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows progress on standard error: a live bar on a terminal, one line per piece of work
 * when the output goes to a file or a CI log (where a redrawn bar would be noise).
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private long started;
    private String title;
    private long steps;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bars when stderr is an interactive terminal, lines otherwise. */
    static ConsoleProgress forStandardError() {
        var console = System.console();
        return new ConsoleProgress(System.err, console != null && console.isTerminal());
    }

    /** Prints nothing at all (for --json runs that want a clean stderr too). */
    static ProgressListener quiet() {
        return ProgressListener.NONE;
    }

    @Override
    public void begin(String title, long totalSteps) {
        this.title = title;
        this.steps = 0;
        this.started = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(shorten(title))
                    .setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(100)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
        } else {
            out.printf(Locale.ROOT, "… %s: %d runs%n", title, totalSteps);
        }
    }

    @Override
    public void step(String detail) {
        steps++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(detail);
        }
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.setExtraMessage("");
            bar.close();
            bar = null;
        } else {
            out.printf(Locale.ROOT, "✓ %s: %d runs in %.1f s%n", title, steps, (System.nanoTime() - started) / 1e9);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 32 ? text : text.substring(0, 31) + "…";
    }
}
