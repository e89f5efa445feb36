package dev.conclab.learn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The hint shown when the expectation this test method checks does not hold: say what the
 * learner most likely did and what to look at, not the answer. On a test class, the hint for
 * any of its methods without one of their own.
 *
 * <pre>{@code
 * @Test
 * @DisplayName("sum() waits for every thread before it adds the parts")
 * @Hint("A started thread runs on after start() returns: join() each one before reading its part.")
 * void waitsForEveryPart() { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Hint {
    String value();
}
