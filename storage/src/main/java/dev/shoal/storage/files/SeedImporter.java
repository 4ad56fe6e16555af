package dev.shoal.storage.files;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.policy.SqlPolicy;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import dev.shoal.storage.engine.OpenDatabases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Runs an uploaded SQL dump as tenant SQL: on the new database's own fresh file, through the same
 * connection rules and policy as every Hrana statement (so the statement time limit, the value cap
 * and the size limit hold too), all in one transaction. A refused or failing statement is named in
 * the error, and the caller removes the file: nothing is created.
 */
final class SeedImporter {
    private static final int EXCERPT = 80;

    private final OpenDatabases open;

    SeedImporter(OpenDatabases open) {
        this.open = open;
    }

    /** Runs {@code upload} (UTF-8 SQL text) on the empty database {@code target}. */
    void runDump(UUID target, Path upload, OptionalLong maxSizeBytes) throws IOException {
        List<SqlStatement> statements = SqlLexer.split(readUtf8(upload));
        if (statements.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the dump holds no SQL statement");
        }
        var rules = new ConnectionOptions(ConnectionOptions.Writes.ALLOWED, false, maxSizeBytes);
        try (SqlConnection c = open.connect(target, rules)) {
            c.execute("BEGIN IMMEDIATE", Arguments.NONE, false, RowSink.DISCARD);
            for (int i = 0; i < statements.size(); i++) {
                SqlStatement stmt = statements.get(i);
                if (isOwnTransactionControl(stmt)) {
                    continue; // the whole dump already runs in one transaction
                }
                if (stmt.kind() == StatementKind.ROLLBACK) {
                    throw refused(i, stmt, "the dump rolls back its own transaction");
                }
                try {
                    c.execute(stmt.sql(), Arguments.NONE, false, RowSink.DISCARD);
                } catch (ShoalException e) {
                    throw refused(i, stmt, e.getMessage());
                }
            }
            c.execute("COMMIT", Arguments.NONE, false, RowSink.DISCARD);
        }
    }

    /** A dump's own BEGIN and COMMIT (sqlite3's .dump writes them): nested, they would fail. */
    private static boolean isOwnTransactionControl(SqlStatement stmt) {
        return !stmt.explain() && (stmt.kind() == StatementKind.BEGIN || stmt.kind() == StatementKind.COMMIT);
    }

    private static ShoalException refused(int index, SqlStatement stmt, String why) {
        String text = stmt.sql().replaceAll("\\s+", " ");
        String excerpt = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
        return new ShoalException(ErrorCode.INVALID_REQUEST, "the dump was refused at statement " + (index + 1)
                + " (`" + excerpt + "`): " + why);
    }

    private static String readUtf8(Path upload) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(upload))).toString();
        } catch (CharacterCodingException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST,
                    "the upload is neither a SQLite database file nor UTF-8 SQL text");
        }
    }

    /** The policy check for schema SQL found in an uploaded file (views, triggers, virtual tables). */
    static void judgeSchemaSql(SqlPolicy policy, String name, String sql) {
        for (SqlStatement stmt : SqlLexer.split(sql)) {
            try {
                policy.judge(stmt, ConnectionOptions.DEFAULT);
            } catch (ShoalException e) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "the database file was refused: schema object `"
                        + name + "` " + e.getMessage());
            }
        }
    }
}
