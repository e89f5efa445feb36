package dev.conclab.learn;

import java.util.List;

/**
 * The outcome of checking one exercise.
 *
 * @param exercise      what was checked
 * @param status        the verdict
 * @param compileErrors javac's errors, one line each ("File.java:12: message"), when it did not compile
 * @param expectations  every test method's outcome, when the tests ran
 * @param problem       what went wrong outside the expectations (a timeout, a JVM that stopped), or null
 * @param output        what the tests printed (the last 40 lines), or empty
 */
public record CheckResult(Exercise exercise, Status status, List<String> compileErrors, List<Expectation> expectations,
                          String problem, String output) {

    public enum Status {
        /** Every expectation holds. */
        PASSED,
        /** It compiled, and at least one expectation does not hold. */
        FAILED,
        /** The learner's code (or the test) did not compile. */
        COMPILE_ERROR,
        /** The tests did not finish in time: a deadlock or an endless loop. */
        TIMED_OUT,
        /** The test JVM stopped without reporting (System.exit, a crash). */
        BROKEN
    }

    /**
     * One expectation, i.e. one test method.
     *
     * @param name    what it checks (the test's display name)
     * @param passed  whether it holds
     * @param message the first lines of the failure, or null
     * @param hint    the test's {@link Hint}, or null
     */
    public record Expectation(String name, boolean passed, String message, String hint) {
    }

    public CheckResult {
        compileErrors = List.copyOf(compileErrors);
        expectations = List.copyOf(expectations);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public List<Expectation> failures() {
        return expectations.stream().filter(e -> !e.passed()).toList();
    }
}
