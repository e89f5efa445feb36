package dev.conclab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns picocli's parameter errors and the commands' {@link UsageException}s into one line on
 * standard error that says what was wrong and what is valid, with exit code 2; any other
 * failure becomes one line with exit code 1 (the stack trace only with CONCLAB_DEBUG=1).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("conclab: " + describe(ex, cmd.getCommandSpec()));
        return Main.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof UsageException) {
            cmd.getErr().println("conclab: " + ex.getMessage());
            return Main.USAGE;
        }
        cmd.getErr().println("conclab " + cmd.getCommandName() + ": failed: " + oneLine(ex));
        if ("1".equals(System.getenv("CONCLAB_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return Main.FAILED;
    }

    private static String describe(CommandLine.ParameterException ex, CommandSpec spec) {
        String where = spec.qualifiedName();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> unknown = unmatched.getUnmatched();
            String first = unknown.isEmpty() ? "?" : unknown.getFirst();
            if (first.startsWith("-")) {
                return "unknown option '" + first + "' for '" + where + "'; valid options: " + options(spec);
            }
            if (!spec.subcommands().isEmpty()) {
                return "unknown command '" + first + "'; valid commands: " + String.join(", ", spec.subcommands().keySet());
            }
            return "unexpected argument '" + first + "' for '" + where + "'; see '" + where + " --help'";
        }
        return ex.getMessage() + " (see '" + where + " --help')";
    }

    private static String options(CommandSpec spec) {
        var names = new ArrayList<String>();
        for (OptionSpec option : spec.options()) {
            names.add(option.longestName());
        }
        return String.join(", ", names);
    }

    static String oneLine(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        if (root != ex && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message.replace('\n', ' ');
    }
}
