package dev.conclab.learn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120) // deadlock guard only
class CheckerTest {

    private static final String TEST_HEADER = """
            package probe;
            import dev.conclab.learn.Hint;
            import org.junit.jupiter.api.*;
            import static org.assertj.core.api.Assertions.assertThat;
            """;

    @Test
    void onTheSkeletonItNamesTheFailedExpectationsWithTheirHints(@TempDir Path dir) throws Exception {
        Path home = TempHome.with(dir, "01-basics/2-lost-update");
        Exercise counter = Catalog.load(home).find("1.2").orElseThrow();
        CheckResult result = new Checker().check(counter);

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(result.expectations()).filteredOn(CheckResult.Expectation::passed)
                .extracting(CheckResult.Expectation::name).contains("counts increments from one thread");
        CheckResult.Expectation race = result.failures().stream()
                .filter(f -> f.name().equals("two threads that meet between read and write both count")).findFirst().orElseThrow();
        assertThat(race.message()).contains("increments counted out of 2").contains("expected: 2").contains("but was: 1");
        assertThat(race.hint()).contains("synchronized").contains("AtomicInteger");
        assertThat(new Screens(home).result(result)).contains("✗ 1.2 basics/lost-update").contains("hint: Both threads read");
    }

    @Test
    void withTheReferenceEveryExpectationHolds(@TempDir Path dir) throws Exception {
        Path home = TempHome.with(dir, "01-basics/2-lost-update");
        Exercise counter = Catalog.load(home).find("basics/lost-update").orElseThrow();
        CheckResult result = new Checker().check(counter, Checker.Version.REFERENCE);
        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.expectations()).hasSize(3);
    }

    @Test
    void aCompileErrorIsReportedWithFileAndLine(@TempDir Path home) throws Exception {
        TempHome.exercise(home, "01-basics/1-broken", "Broken.java", "package probe;\npublic class Broken {\n  int x = ;\n}\n",
                "BrokenTest.java", TEST_HEADER + "class BrokenTest { @Test void t() {} }\n");
        CheckResult result = new Checker().check(Catalog.load(home).find("1.1").orElseThrow());
        assertThat(result.status()).isEqualTo(CheckResult.Status.COMPILE_ERROR);
        assertThat(result.compileErrors()).anySatisfy(e -> assertThat(e).startsWith("Broken.java:3: "));
    }

    @Test
    void anEndlessLoopTimesOutInsteadOfHanging(@TempDir Path home) throws Exception {
        TempHome.exercise(home, "01-basics/1-loop", "Loop.java",
                "package probe;\npublic class Loop { public static void spin() { while (true) { Thread.onSpinWait(); } } }\n",
                "LoopTest.java", TEST_HEADER + "class LoopTest { @Test void t() { Loop.spin(); } }\n");
        CheckResult result = new Checker(Duration.ofSeconds(5)).check(Catalog.load(home).find("1.1").orElseThrow());
        assertThat(result.status()).isEqualTo(CheckResult.Status.TIMED_OUT);
        assertThat(result.problem()).contains("deadlock");
    }

    @Test
    void systemExitInTheLearnersCodeIsReportedNotFatal(@TempDir Path home) throws Exception {
        TempHome.exercise(home, "01-basics/1-exit", "Quit.java",
                "package probe;\npublic class Quit { public static void now() { System.exit(3); } }\n",
                "QuitTest.java", TEST_HEADER + "class QuitTest { @Test void t() { Quit.now(); } }\n");
        CheckResult result = new Checker().check(Catalog.load(home).find("1.1").orElseThrow());
        assertThat(result.status()).isEqualTo(CheckResult.Status.BROKEN);
        assertThat(result.problem()).contains("exit 3").contains("System.exit");
    }

    @Test
    void whatTheChecksPrintIsShownAfterTheVerdict(@TempDir Path home) throws Exception {
        TempHome.exercise(home, "01-basics/1-print", "Say.java", "package probe;\npublic class Say {}\n",
                "SayTest.java", TEST_HEADER + "class SayTest { @Test void t() { System.out.println(\"measured 42 ms\"); } }\n");
        CheckResult result = new Checker().check(Catalog.load(home).find("1.1").orElseThrow());
        assertThat(result.passed()).isTrue();
        assertThat(result.output()).isEqualTo("measured 42 ms");
        assertThat(new Screens(home).result(result)).contains("The checks printed:").contains("    measured 42 ms");
        assertThat(Files.exists(home.resolve("exercises/01-basics/1-print/Say.java"))).isTrue();
    }
}
