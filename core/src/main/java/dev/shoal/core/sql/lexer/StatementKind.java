package dev.shoal.core.sql.lexer;

/**
 * What a statement does, as far as Shoal needs to know: whether it reads or writes, whether it
 * changes the schema, and how it moves the connection in and out of a transaction.
 * Derived from the statement's leading keywords (after any {@code WITH ...} clause and
 * {@code EXPLAIN} prefix), never from executing it.
 */
public enum StatementKind {
    SELECT,
    INSERT,      // INSERT and REPLACE
    UPDATE,
    DELETE,
    DDL,         // CREATE / DROP / ALTER of tables, indexes, views, triggers, virtual tables
    BEGIN,
    COMMIT,      // COMMIT and END
    ROLLBACK,    // ROLLBACK without TO
    SAVEPOINT,
    RELEASE,
    ROLLBACK_TO, // ROLLBACK [TRANSACTION] TO [SAVEPOINT] name
    ATTACH,
    DETACH,
    PRAGMA,
    ANALYZE,
    VACUUM,
    REINDEX,
    OTHER;

    /** INSERT/UPDATE/DELETE: the statements whose row changes Hrana reports as affected rows. */
    public boolean changesRows() {
        return this == INSERT || this == UPDATE || this == DELETE;
    }

    /** Statements that may take SQLite's write lock when run outside an explicit transaction. */
    public boolean mayWrite() {
        return switch (this) {
            case SELECT, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, ATTACH, DETACH -> false;
            default -> true;
        };
    }
}
