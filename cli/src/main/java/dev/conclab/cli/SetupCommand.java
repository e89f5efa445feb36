package dev.conclab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Listed so that {@code conclab --help} shows every command. The ./conclab launcher runs
 * setup/install-debian itself, before it looks for a JDK; this class only answers when the CLI
 * is started some other way.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Install the Debian packages for servers and CPython peers (setup/debian-packages.txt; done by the ./conclab launcher, needs root). "
                + "--check only lists what is missing.")
final class SetupCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("'setup' is run by the ./conclab launcher script, not by the Java CLI: use ./conclab setup");
    }
}
