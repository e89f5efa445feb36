package dev.conclab.learn;

import dev.conclab.lab.report.Json;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs one exercise's test class in a JVM of its own and prints every expectation's outcome as
 * JSON on standard output. The checker starts it as a child process so that a learner's
 * deadlock, endless loop or {@code System.exit} cannot take {@code conclab learn} down with it.
 *
 * <p>Usage: {@code java -cp <compiled exercise>:<class path> dev.conclab.learn.TestRunner <test class>}
 */
public final class TestRunner {

    /** Marks the JSON line among whatever the exercise itself printed. */
    static final String MARKER = "@@conclab-learn@@ ";

    private TestRunner() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        // What the exercise prints is kept apart from the result and shown to the learner after it.
        var printed = new java.io.ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        Class<?> testClass = Class.forName(args[0]);
        var outcomes = new ArrayList<Map<String, Object>>();
        var listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    outcomes.add(outcome(testClass, test, result));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.isTest()) {
                    outcomes.add(Map.of("name", test.getDisplayName(), "passed", false, "message", "skipped: " + reason));
                }
            }
        };
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
        LauncherFactory.create().execute(request, listener);
        List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        String output = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        out.println(MARKER + Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("expectations", outcomes, "output", output)));
        out.flush();
        // Non-daemon threads a learner forgot to stop must not keep this JVM alive.
        System.exit(0);
    }

    private static Map<String, Object> outcome(Class<?> testClass, TestIdentifier test, TestExecutionResult result) {
        var outcome = new LinkedHashMap<String, Object>();
        outcome.put("name", test.getDisplayName());
        boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        outcome.put("passed", passed);
        if (!passed) {
            outcome.put("message", result.getThrowable().map(TestRunner::describe).orElse(result.getStatus().toString()));
            String hint = hintOf(testClass, test);
            if (hint != null) {
                outcome.put("hint", hint);
            }
        }
        return outcome;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(6).toList();
        String text = String.join(" ", lines);
        if (!(failure instanceof AssertionError)) {
            text = failure.getClass().getSimpleName() + ": " + text;
        }
        return text.length() > 400 ? text.substring(0, 399) + "…" : text;
    }

    private static String hintOf(Class<?> testClass, TestIdentifier test) {
        if (test.getSource().orElse(null) instanceof MethodSource source) {
            for (Method method : testClass.getDeclaredMethods()) {
                if (method.getName().equals(source.getMethodName()) && method.isAnnotationPresent(Hint.class)) {
                    return method.getAnnotation(Hint.class).value();
                }
            }
        }
        Hint onClass = testClass.getAnnotation(Hint.class);
        return onClass != null ? onClass.value() : null;
    }
}
