package dev.shoal.core.error;

/**
 * Every failure Shoal reports, with its stable wire string and the HTTP status it maps to.
 * One enum instead of one exception class per case: protocols convert a {@link ShoalException}
 * to a response in exactly one place each (Hrana: {"message","code"}; Platform API: {"error"}).
 */
public enum ErrorCode {
    // Input and protocol problems.
    INVALID_REQUEST(400, true),
    PROTOCOL_ERROR(400, true),
    BATON_INVALID(400, true),
    BATON_REUSED(400, true),
    STREAM_EXPIRED(400, true),
    STREAM_CLOSED(400, true),
    BODY_TOO_LARGE(413, true),
    NOT_FOUND(404, true),
    ALREADY_EXISTS(409, true),
    INVALID_NAME(400, true),
    UNAUTHORIZED(401, true),
    FORBIDDEN(403, true),

    // Statement-level problems: reported inside Hrana results at HTTP 200.
    SQL_NO_STATEMENT(400, true),
    SQL_MANY_STATEMENTS(400, true),
    ARGS_INVALID(400, true),
    SQL_STORE_TOO_MANY(400, true),
    SQL_STORE_TOO_LARGE(400, true),
    BLOCKED(400, true),
    SCHEMA_MIGRATION_ERROR(400, true),
    RESPONSE_TOO_LARGE(400, true),
    SQLITE_ERROR(400, true),

    // Server state.
    BUSY(429, true),
    SHUTTING_DOWN(503, true),
    INTERNAL(500, false);

    private final int httpStatus;
    private final boolean messageSafe;

    ErrorCode(int httpStatus, boolean messageSafe) {
        this.httpStatus = httpStatus;
        this.messageSafe = messageSafe;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the exception message may be shown to a client (never true for internal failures). */
    public boolean messageSafe() {
        return messageSafe;
    }
}
