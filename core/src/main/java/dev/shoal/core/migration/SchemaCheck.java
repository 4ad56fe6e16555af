package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import dev.shoal.core.sql.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Drift detection: every child's schema fingerprint (a SHA-256 of its {@code sqlite_schema}
 * entries, Shoal's own and SQLite's internal objects left out) and version compared with the
 * schema database's, page by page on the migration workers; nothing is written. A child is
 * {@code behind} (an older version: restored from an old copy), {@code ahead}, or {@code differs}
 * (same version, other schema: edited offline).
 */
public final class SchemaCheck {
    /** One child that is not in step with its schema database. */
    public record Drift(String database, long version, String state, String detail) {}

    /** The outcome: how many children were compared and the first {@link #MAX_SHOWN} that drifted. */
    public record Result(String schema, long version, int children, int drifted, List<Drift> shown) {
        public static final int MAX_SHOWN = 100;
    }

    /** A database's version and a digest of its schema. */
    record Fingerprint(long version, String digest) {}

    private final DatabaseCatalog databases;
    private final SqlDatabases sql;
    private final ExecutorService workers;

    SchemaCheck(DatabaseCatalog databases, SqlDatabases sql, ExecutorService workers) {
        this.databases = databases;
        this.sql = sql;
        this.workers = workers;
    }

    Result check(DatabaseRecord schema) {
        requireSchema(schema);
        Fingerprint parent = fingerprint(schema);
        List<Drift> shown = new ArrayList<>();
        PagedPhase.Tally<Optional<Drift>> tally = new PagedPhase<Optional<Drift>>(workers, page -> page.stream()
                .flatMap(Optional::stream).limit(Result.MAX_SHOWN - shown.size()).forEach(shown::add),
                Optional::isPresent)
                .run(PagedPhase.children(databases, schema), c -> compare(c, parent), c -> Optional.of(
                        new Drift(c.name(), -1, "unreadable", "the check failed on it (see the server log)")));
        return new Result(schema.name(), parent.version(), tally.total(), tally.failed(), List.copyOf(shown));
    }

    static void requireSchema(DatabaseRecord schema) {
        if (schema.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + schema.name()
                    + " is not a schema database: only a schema family can drift");
        }
    }

    /** How the child differs from the schema database, if it does. */
    Optional<Drift> compare(DatabaseRecord child, Fingerprint parent) {
        Fingerprint f;
        try {
            f = fingerprint(child);
        } catch (ShoalException e) {
            return e.code() == ErrorCode.NOT_FOUND ? Optional.empty() // deleted meanwhile
                    : Optional.of(new Drift(child.name(), -1, "unreadable", e.getMessage()));
        }
        if (f.version() < parent.version()) {
            return Optional.of(new Drift(child.name(), f.version(), "behind", "at version " + f.version() + " of "
                    + parent.version()));
        }
        if (f.version() > parent.version()) {
            return Optional.of(new Drift(child.name(), f.version(), "ahead", "at version " + f.version()
                    + ", the schema database at " + parent.version()));
        }
        if (!f.digest().equals(parent.digest())) {
            return Optional.of(new Drift(child.name(), f.version(), "differs",
                    "at the schema database's version, with another schema"));
        }
        return Optional.empty();
    }

    Fingerprint fingerprint(DatabaseRecord db) {
        try (SqlConnection c = sql.connect(db.id(), ConnectionOptions.MIGRATION)) {
            return fingerprint(c);
        }
    }

    /** The fingerprint as {@code c} sees it (inside its transaction, if it is in one). */
    static Fingerprint fingerprint(SqlConnection c) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            c.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                    + "ORDER BY type, name", Arguments.NONE, true, new RowSink() {
                        @Override
                        public void columns(List<Column> columns) {}

                        @Override
                        public void row(Value[] row) {
                            for (Value v : row) {
                                String s = v instanceof Value.Text t ? t.value() : "";
                                sha.update(s.getBytes(StandardCharsets.UTF_8));
                                sha.update((byte) 0);
                            }
                            sha.update((byte) '\n');
                        }
                    });
            return new Fingerprint(SchemaVersion.of(c), HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
