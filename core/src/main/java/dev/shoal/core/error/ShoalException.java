package dev.shoal.core.error;

import java.util.Optional;

/**
 * The one exception type Shoal throws for failures it can name. {@link #wireCode()} is the code
 * clients see: the enum name, except for SQLite failures, which carry SQLite's primary result code
 * name (for example {@code SQLITE_CONSTRAINT}).
 */
public final class ShoalException extends RuntimeException {
    private final ErrorCode code;
    private final String wireCode;

    public ShoalException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ShoalException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    private ShoalException(ErrorCode code, String message, String wireCode, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.wireCode = wireCode == null ? code.name() : wireCode;
    }

    /** A failure reported by SQLite, keeping its primary result code name. */
    public static ShoalException sqlite(String sqliteCodeName, String message, Throwable cause) {
        return new ShoalException(ErrorCode.SQLITE_ERROR, message, sqliteCodeName, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public String wireCode() {
        return wireCode;
    }

    /** The message a client may see; internal failures show a generic text instead. */
    public String safeMessage() {
        return code.messageSafe() ? getMessage() : "internal error";
    }

    public static Optional<ShoalException> find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ShoalException se) {
                return Optional.of(se);
            }
        }
        return Optional.empty();
    }
}
