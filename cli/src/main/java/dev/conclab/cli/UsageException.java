package dev.conclab.cli;

/** A request the command cannot serve as asked: reported in one line, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
