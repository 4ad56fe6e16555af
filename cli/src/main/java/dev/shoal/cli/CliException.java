package dev.shoal.cli;

/** An expected failure: printed as {@code Error: <message>} on stderr, exit code 1. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
