package dev.conclab.lab.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a server binary, CPython, a Debian package). Locally a
 * missing requirement skips the test with a message naming what to install; in CI
 * ({@code CI=true}) it fails the test, because .ci/run installs everything the tests need.
 */
public final class Requirements {

    private Requirements() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips (locally) or fails (in CI) unless {@code present}.
     *
     * @param what    what is missing, e.g. "redis-server"
     * @param install how to get it, e.g. "apt-get install redis-server"
     */
    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String message = what + " is missing (" + install + ")";
        if (inCi()) {
            Assertions.fail(message + "; CI=true, so a missing requirement fails instead of skipping");
        }
        Assumptions.abort(message + "; skipped");
    }
}
