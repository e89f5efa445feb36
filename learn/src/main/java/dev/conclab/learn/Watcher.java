package dev.conclab.learn;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Re-checks an exercise whenever one of its files is saved: {@code conclab learn watch}. It
 * starts with the exercise it is given (or the next pending one), checks it at once, then after
 * every save of a .java file in any exercise folder checks that exercise; when an exercise
 * passes it is marked done and the next one is shown. Runs until interrupted.
 */
public final class Watcher {

    /** Saves within this time of each other are one save (editors write files in several steps). */
    private static final long SETTLE_MILLIS = 250;

    private final Catalog catalog;
    private final Progress progress;
    private final Checker checker;
    private final Screens screens;
    private final PrintWriter out;

    public Watcher(Catalog catalog, Progress progress, Checker checker, Screens screens, PrintWriter out) {
        this.catalog = catalog;
        this.progress = progress;
        this.checker = checker;
        this.screens = screens;
        this.out = out;
    }

    /**
     * Watches until interrupted or until {@code maxChecks} checks have run (0: no limit).
     *
     * @return the number of checks run
     */
    public int watch(Optional<Exercise> start, int maxChecks) throws InterruptedException {
        Path root = catalog.all().isEmpty() ? null : catalog.all().getFirst().folder().getParent().getParent();
        if (root == null) {
            out.println("No exercises to watch.");
            return 0;
        }
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            Map<WatchKey, Path> folders = register(service, root);
            int checks = 0;
            Optional<Exercise> current = start.or(() -> Screens.next(catalog, progress));
            if (current.isPresent()) {
                checkAndReport(current.get());
                checks++;
            }
            out.println("Watching " + root + " for saves (Ctrl-C to stop) …");
            out.flush();
            while (maxChecks == 0 || checks < maxChecks) {
                WatchKey key = service.take();
                Path changed = changedFile(key, folders.get(key));
                key.reset();
                // Let the editor finish writing, and fold a burst of events into one check.
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                WatchKey more;
                while ((more = service.poll()) != null) {
                    Path also = changedFile(more, folders.get(more));
                    changed = changed != null ? changed : also;
                    more.reset();
                }
                Optional<Exercise> saved = exerciseOf(changed);
                if (saved.isPresent()) {
                    checkAndReport(saved.get());
                    checks++;
                }
            }
            return checks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkAndReport(Exercise exercise) {
        out.println("── checking " + exercise.shortId() + " " + exercise.id() + " …");
        out.flush();
        CheckResult result = checker.check(exercise);
        out.print(screens.result(result));
        if (result.passed()) {
            if (!progress.isDone(exercise)) {
                progress.markDone(exercise);
            }
            out.println(Screens.nextLine(catalog, progress));
        }
        out.flush();
    }

    private Optional<Exercise> exerciseOf(Path file) {
        if (file == null || !file.toString().endsWith(".java")) {
            return Optional.empty();
        }
        return catalog.all().stream().filter(e -> file.startsWith(e.folder())).findFirst();
    }

    private static Path changedFile(WatchKey key, Path folder) {
        Path changed = null;
        for (var event : key.pollEvents()) {
            if (event.context() instanceof Path name && folder != null) {
                changed = folder.resolve(name);
            }
        }
        return changed;
    }

    private static Map<WatchKey, Path> register(WatchService service, Path root) throws IOException {
        var keys = new HashMap<WatchKey, Path>();
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                keys.put(dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE), dir);
            }
        }
        return keys;
    }
}
