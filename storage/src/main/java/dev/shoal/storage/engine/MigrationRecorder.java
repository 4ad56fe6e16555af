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
    private boolean foreignKeys;

    void begin(boolean foreignKeysOn) {
        statements.clear();
        wrote = false;
        foreignKeys = foreignKeysOn;
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
