package dev.shoal.cli.shell;

import java.util.Optional;

/**
 * A failure the shell reports as {@code Error: <text>}: a server error (with its Hrana code, e.g.
 * {@code SQLITE_CONSTRAINT}), a transport failure or a bad dot-command.
 */
public final class ShellException extends Exception {
    private final String code;

    ShellException(String code, String message) {
        super(message);
        this.code = code;
    }

    ShellException(String message) {
        this(null, message);
    }

    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** {@code <code>: <message>}, or the message alone when there is no code (or it already starts with it). */
    String display() {
        String m = getMessage() == null ? "" : getMessage();
        if (code == null || code.isEmpty() || m.startsWith(code)) {
            return m;
        }
        return code + ": " + m;
    }
}
