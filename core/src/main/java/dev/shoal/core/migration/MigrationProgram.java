package dev.shoal.core.migration;

import java.util.List;

/**
 * What one migration does, replayed on every child exactly as it ran on the schema database.
 *
 * @param statements  the statements that succeeded inside the schema database's transaction, in
 *                    order (savepoint statements included, reads left out)
 * @param foreignKeys whether {@code PRAGMA foreign_keys} was on when the transaction began; children
 *                    replay it the same way (a table rebuild with foreign keys off stays one)
 */
public record MigrationProgram(List<MigrationStatement> statements, boolean foreignKeys) {
    public MigrationProgram {
        statements = List.copyOf(statements);
    }

    /** The SQL text, one statement per line, for history and messages. */
    public String sqlText() {
        StringBuilder sb = new StringBuilder();
        for (MigrationStatement s : statements) {
            sb.append(s.sql()).append(";\n");
        }
        return sb.toString();
    }
}
