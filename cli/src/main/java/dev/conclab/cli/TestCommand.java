package dev.conclab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Listed so that {@code conclab --help} shows every command. The ./conclab launcher runs the
 * test suite itself (Maven with JDK 25) before any Java starts; this class only answers when
 * the CLI is started some other way.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the test suite: ./mvnw verify with a JDK 25 (done by the ./conclab launcher). "
                + "Extra arguments go to Maven, e.g. ./conclab test -pl lab-core.")
final class TestCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("'test' is run by the ./conclab launcher script, not by the Java CLI: use ./conclab test");
    }
}
