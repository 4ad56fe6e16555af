package dev.shoal.storage.engine;

import dev.shoal.core.migration.MigrationProgram;
import dev.shoal.core.migration.MigrationStatement;
import dev.shoal.core.policy.Judgement;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transaction on a schema database did, kept to be replayed on every child: the statements
 * that succeeded and could change the database (writes, savepoints, connection settings), with
 * their arguments, in order. Reads are left out. Cleared when the transaction ends.
 */
final class MigrationRecorder {
    private final List<MigrationStatement> statements = new ArrayList<>();
    private boolean wrote;
    private boolean onlySchemaStatements;
    private boolean foreignKeys;
    private long schemaVersionAtBegin;
    private long changesAtBegin;

    /**
     * A transaction begins.
     *
     * @param schemaVersion the schema database's schema cookie now ({@code PRAGMA schema_version})
     * @param totalChanges  its connection's total row changes now
     */
    void begin(boolean foreignKeysOn, long schemaVersion, long totalChanges) {
        statements.clear();
        wrote = false;
        onlySchemaStatements = true;
        foreignKeys = foreignKeysOn;
        schemaVersionAtBegin = schemaVersion;
        changesAtBegin = totalChanges;
    }

    /**
     * Whether the transaction is no migration at all: it wrote only schema statements, and they
     * left the schema database as it was (CREATE TABLE IF NOT EXISTS of a table that exists, as
     * every migration tool sends at each start). Children have the schema database's schema, so
     * they would not change either. A data statement always fans out, even one that changed no row
     * here: children have rows of their own.
     */
    boolean changedNothing(long schemaVersion, long totalChanges) {
        return onlySchemaStatements && schemaVersion == schemaVersionAtBegin && totalChanges == changesAtBegin;
    }

    /**
     * Maintenance of the schema database's own file — VACUUM, ANALYZE, REINDEX, and the pragmas that
     * act on the file (optimize, incremental_vacuum) — changes no content its children share, so it
     * runs there only and is never a migration. (VACUUM cannot run inside a transaction anyway.)
     */
    static boolean isMaintenance(SqlStatement stmt) {
        return switch (stmt.kind()) {
            case VACUUM, ANALYZE, REINDEX -> true;
            case PRAGMA -> dev.shoal.core.policy.PragmaStatement.parse(dev.shoal.core.sql.lexer.SqlLexer.tokens(stmt.sql()))
                    .filter(p -> p.name().equals("optimize") || p.name().equals("incremental_vacuum")).isPresent();
            default -> false;
        };
    }

    /** Notes a statement that succeeded inside the transaction. */
    void succeeded(SqlStatement stmt, Judgement judged, Arguments args) {
        if (stmt.explain() || isMaintenance(stmt)) {
            return;
        }
        boolean savepoint = stmt.kind() == StatementKind.SAVEPOINT || stmt.kind() == StatementKind.RELEASE
                || stmt.kind() == StatementKind.ROLLBACK_TO;
        boolean setting = stmt.kind() == StatementKind.PRAGMA && judged.leavesState();
        if (judged.writes() || savepoint || setting) {
            statements.add(new MigrationStatement(judged.sql(), args));
            wrote |= judged.writes();
            onlySchemaStatements &= !judged.writes() || stmt.kind() == StatementKind.DDL;
        }
    }

    /** Whether the transaction wrote anything: its COMMIT is then a migration. */
    boolean wrote() {
        return wrote;
    }

    MigrationProgram program() {
        return new MigrationProgram(statements, foreignKeys);
    }

    void clear() {
        statements.clear();
        wrote = false;
    }
}
