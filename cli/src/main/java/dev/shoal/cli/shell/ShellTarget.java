package dev.shoal.cli.shell;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The database a shell talks to.
 *
 * @param url         the database base URL: ends with {@code /} (e.g.
 *                    {@code http://127.0.0.1:8080/db/admin/mydb/}) or is a bare server URL (the
 *                    default database); Hrana paths such as {@code v2/pipeline} are resolved against it
 * @param token       the SQL token sent as {@code Authorization: Bearer}, if any
 * @param displayName the name shown in the banner, e.g. {@code mydb}
 * @param libsqlUrl   the URL shown in the banner, e.g. {@code libsql://127.0.0.1:8080/db/admin/mydb/}
 * @param maybeSchema false when the database is known not to be a schema database (then the
 *                    shell never looks for a migration's progress); true when it is one or when
 *                    that is not known (a URL)
 */
public record ShellTarget(URI url, Optional<String> token, String displayName, String libsqlUrl, boolean maybeSchema) {
    public ShellTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(libsqlUrl, "libsqlUrl");
    }

    /** A database whose kind is not known (it may be a schema database). */
    public ShellTarget(URI url, Optional<String> token, String displayName, String libsqlUrl) {
        this(url, token, displayName, libsqlUrl, true);
    }
}
