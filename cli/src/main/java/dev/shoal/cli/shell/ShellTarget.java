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
 */
public record ShellTarget(URI url, Optional<String> token, String displayName, String libsqlUrl) {
    public ShellTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(libsqlUrl, "libsqlUrl");
    }
}
