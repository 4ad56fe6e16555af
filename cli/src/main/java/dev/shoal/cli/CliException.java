package dev.shoal.cli;

/**
 * An expected failure: printed as {@code Error: <message>} on stderr. Exit code 1, or 2 for a
 * {@linkplain #usage usage error} (the command line itself is wrong), as picocli gives its own
 * parse errors.
 */
public final class CliException extends RuntimeException {
    private final boolean usage;

    public CliException(String message) {
        this(message, null, false);
    }

    public CliException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CliException(String message, Throwable cause, boolean usage) {
        super(message, cause);
        this.usage = usage;
    }

    /** An option value or combination the command cannot take, found before anything was done. */
    public static CliException usage(String message) {
        return new CliException(message, null, true);
    }

    public boolean isUsage() {
        return usage;
    }
}
