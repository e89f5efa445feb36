package dev.conclab.lab.chapter;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** The chapters on the class path, in plan order. */
public final class Chapters {

    private Chapters() {
    }

    public static List<Chapter> all() {
        return ServiceLoader.load(Chapter.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(Chapter::number)).toList();
    }

    /** Finds a chapter by id ({@code basics}), key ({@code 01-basics}) or number ({@code 1}, {@code 01}). */
    public static Optional<Chapter> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return all().stream().filter(c -> c.id().equals(wanted) || c.key().equals(wanted)
                || wanted.matches("\\d{1,4}") && Integer.parseInt(wanted) == c.number()).findFirst();
    }

    /** "basics (1), threading (2)": for error messages. */
    public static String names() {
        return String.join(", ", all().stream().map(c -> c.id() + " (" + c.number() + ")").toList());
    }
}
