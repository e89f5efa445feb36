package dev.conclab.learn;

import dev.conclab.lab.Home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A conclab folder in a temporary directory, with copies of chosen exercises and their solutions. */
final class TempHome {

    private TempHome() {
    }

    static Path with(Path dir, String... exercises) throws IOException {
        Path real = Home.path();
        for (String exercise : exercises) {
            copy(real.resolve("exercises").resolve(exercise), dir.resolve("exercises").resolve(exercise));
            copy(real.resolve("learn/solutions").resolve(exercise), dir.resolve("learn/solutions").resolve(exercise));
        }
        return dir;
    }

    /** An exercise written on the spot: one learner file and one test. */
    static Path exercise(Path home, String folder, String learnerName, String learner, String testName, String test)
            throws IOException {
        Path dir = home.resolve("exercises").resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(learnerName), learner);
        Files.writeString(dir.resolve(testName), test);
        Files.writeString(dir.resolve("README.md"), "# " + folder + "\n\nMade for a test.\n");
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
