package dev.conclab.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conclab folder (where the launcher, {@code peers/} and {@code bench/} are). The launcher
 * and the test build set the system property {@code conclab.home}; otherwise the folder is
 * found by walking up from the working directory to the one that holds the launcher.
 */
public final class Home {

    private Home() {
    }

    public static Path path() {
        String property = System.getProperty("conclab.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conclab")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
