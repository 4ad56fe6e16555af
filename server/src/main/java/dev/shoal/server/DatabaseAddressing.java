package dev.shoal.server;

import dev.shoal.core.db.Catalog;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which database an HTTP request addresses, and the address the server reports for a database.
 * Checked in order: the path form {@code /db/<org>/<db>/...}; the host form
 * {@code <db>-<org>.<base-domain>}; the default database at the bare URL (dev only).
 */
public final class DatabaseAddressing {
    public static final String PATH_PREFIX = "/db/";

    private final Catalog catalog;
    private final ServerConfig config;
    private final Supplier<String> authority;

    /** @param authority {@code host:port} clients reach this server at (known once it listens) */
    public DatabaseAddressing(Catalog catalog, ServerConfig config, Supplier<String> authority) {
        this.catalog = catalog;
        this.config = config;
        this.authority = authority;
    }

    public DatabaseRecord byPath(String org, String db) {
        return catalog.findDatabase(org, db).orElseThrow(() -> notFound(
                "database `" + db + "` does not exist in organization `" + org + "`"));
    }

    /**
     * The database a bare-URL request means: by Host header; else the one database its token names
     * (the token is verified later, against that database); else the dev default database.
     */
    public DatabaseRecord byHost(String hostHeader, Optional<String> token) {
        Optional<DatabaseRecord> byHost = config.baseDomain().flatMap(domain -> fromHost(hostHeader, domain));
        if (byHost.isPresent()) {
            return byHost.get();
        }
        Optional<DatabaseRecord> byToken = token.flatMap(TokenPeek::databaseId).flatMap(catalog::findDatabase);
        if (byToken.isPresent()) {
            return byToken.get();
        }
        if (config.defaultDatabase()) {
            return catalog.findDatabase(config.firstUser(), ServerConfig.DEFAULT_DATABASE)
                    .orElseThrow(() -> notFound("the default database was deleted; restart `shoal dev` to recreate it"));
        }
        throw notFound("no database at this address: use " + PATH_PREFIX + "<organization>/<database>/"
                + config.baseDomain().map(d -> " or <database>-<organization>." + d).orElse(""));
    }

    private Optional<DatabaseRecord> fromHost(String hostHeader, String domain) {
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        String suffix = "." + domain.toLowerCase(Locale.ROOT);
        if (!host.endsWith(suffix)) {
            return Optional.empty();
        }
        String label = host.substring(0, host.length() - suffix.length());
        // Both names may contain dashes: try each split, organization taken from the right.
        for (int i = label.lastIndexOf('-'); i > 0; i = label.lastIndexOf('-', i - 1)) {
            Optional<DatabaseRecord> db = catalog.findDatabase(label.substring(i + 1), label.substring(0, i));
            if (db.isPresent()) {
                return db;
            }
        }
        throw notFound("no database matches host `" + hostHeader + "`");
    }

    /**
     * The {@code Hostname} of a database: {@code <db>-<org>.<base-domain>} when a base domain is
     * configured, else {@code <host:port>/db/<org>/<db>/}, so that {@code http://} + Hostname is a
     * URL {@code @libsql/client} can use as-is (the trailing slash matters: the client resolves
     * {@code v2/pipeline} relative to it).
     */
    public String hostname(DatabaseRecord db) {
        if (config.baseDomain().isPresent()) {
            String port = config.publicUrl().map(u -> u.getPort() > 0 ? ":" + u.getPort() : "")
                    .orElse(":" + authority.get().substring(authority.get().lastIndexOf(':') + 1));
            return db.name() + "-" + db.organization() + "." + config.baseDomain().get() + port;
        }
        String base = config.publicUrl().map(u -> u.getRawAuthority() + stripSlash(u.getRawPath())).orElseGet(authority);
        return base + PATH_PREFIX + db.organization() + "/" + db.name() + "/";
    }

    public String scheme() {
        return config.publicUrl().map(u -> u.getScheme()).orElse("http");
    }

    public String url(DatabaseRecord db) {
        return scheme() + "://" + hostname(db);
    }

    private static String stripSlash(String path) {
        return path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static ShoalException notFound(String message) {
        return new ShoalException(ErrorCode.NOT_FOUND, message);
    }
}
