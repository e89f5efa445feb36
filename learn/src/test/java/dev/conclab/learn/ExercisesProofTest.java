package dev.conclab.learn;

import dev.conclab.lab.Home;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof every exercise owes: its skeleton compiles and fails at least one expectation
 * (each failure with a hint), and its reference solution passes them all.
 */
@Timeout(600) // deadlock guard for the whole set
class ExercisesProofTest {

    private final Checker checker = new Checker();

    @TestFactory
    List<DynamicTest> everySkeletonFailsAndEveryReferencePasses() {
        Catalog catalog = Catalog.load(Home.path());
        assertThat(catalog.all()).as("exercises found under " + Home.path().resolve("exercises")).isNotEmpty();
        var tests = new ArrayList<DynamicTest>();
        for (Exercise exercise : catalog.all()) {
            tests.add(DynamicTest.dynamicTest(exercise.id() + ": the skeleton fails, with hints", () -> {
                CheckResult result = checker.check(exercise, Checker.Version.LEARNER);
                assertThat(result.status()).as(result.toString()).isEqualTo(CheckResult.Status.FAILED);
                assertThat(result.failures()).allSatisfy(f -> assertThat(f.hint()).as("hint of " + f.name()).isNotBlank());
            }));
            tests.add(DynamicTest.dynamicTest(exercise.id() + ": the reference passes", () -> {
                CheckResult result = checker.check(exercise, Checker.Version.REFERENCE);
                assertThat(result.status()).as(new Screens(Home.path()).result(result)).isEqualTo(CheckResult.Status.PASSED);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyChapterOfThePlanThatHasExercisesHasAtLeastThree() {
        Catalog catalog = Catalog.load(Home.path());
        return catalog.all().stream().map(Exercise::chapter).distinct()
                .map(chapter -> DynamicTest.dynamicTest("chapter " + chapter, () ->
                        assertThat(catalog.all().stream().filter(e -> e.chapter() == chapter).count()).isGreaterThanOrEqualTo(3)))
                .toList();
    }
}
