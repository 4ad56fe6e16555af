package dev.shoal.core.sql;

import java.util.OptionalLong;

/**
 * What a finished statement reports besides its rows.
 *
 * @param affectedRowCount rows changed, only for INSERT/UPDATE/DELETE (0 otherwise)
 * @param lastInsertRowid  the connection's last rowid, only after an INSERT
 * @param rowsRead         rows the statement returned or scanned (best effort, for usage)
 * @param rowsWritten      rows it changed (including trigger changes)
 */
public record StatementOutcome(long affectedRowCount, OptionalLong lastInsertRowid, long rowsRead, long rowsWritten) {}
