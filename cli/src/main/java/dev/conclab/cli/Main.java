package dev.conclab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code conclab} command. Exit codes: 0 done, 1 the work failed, 2 bad usage (a wrong
 * flag, an unknown chapter, model or benchmark), each usage error reported in one line that
 * names the valid choices.
 */
@Command(name = "conclab",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A concurrency lab and toolkit for the JVM: run the study plan's experiments on this machine, "
                + "see what each concurrency model does, and use the components in real work.",
        subcommands = {TourCommand.class, LabCommand.class, ListCommand.class, LearnCommand.class, BenchCommand.class,
                ServeCommand.class, LoadCommand.class, QueueCommand.class, SetupCommand.class, TestCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: conclab tour --quick    Docs: README.md and docs/chapters/"})
public final class Main implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code (for tests and for {@link #main}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        var commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new UsageErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"conclab " + (version != null ? version : "0.1.0-SNAPSHOT") + " on Java "
                    + Runtime.version()};
        }
    }
}
