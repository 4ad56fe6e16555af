package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Plans a migration without applying it: the SQL runs on the schema database in a transaction that
 * is rolled back — under the schema database's own rules, so what it refuses is refused here too —
 * then the statements are dry-run on every child, page by page on the migration workers, as a job
 * would dry-run them. No job is recorded, no write is blocked, no version moves.
 */
final class MigrationPlanner {
    private static final Set<StatementKind> TRANSACTION_CONTROL = EnumSet.of(StatementKind.BEGIN,
            StatementKind.COMMIT, StatementKind.ROLLBACK);

    private final DatabaseCatalog databases;
    private final SqlDatabases sql;
    private final ExecutorService workers;

    MigrationPlanner(DatabaseCatalog databases, SqlDatabases sql, ExecutorService workers) {
        this.databases = databases;
        this.sql = sql;
        this.workers = workers;
    }

    MigrationPlan plan(DatabaseRecord schema, String sqlText) {
        if (schema.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + schema.name()
                    + " is not a schema database: only a schema database's migrations can be planned");
        }
        List<SqlStatement> statements = statements(sqlText);
        long started = System.nanoTime();
        Optional<String> schemaError = dryRunOnSchema(schema, statements);
        if (schemaError.isPresent()) {
            return new MigrationPlan(schema.name(), 0, 0, List.of(), schemaError, millisSince(started));
        }
        List<MigrationStatement> program = statements.stream()
                .map(s -> new MigrationStatement(s.sql(), Arguments.NONE)).toList();
        ChildTask task = new ChildTask(sql, new MigrationProgram(program, false), 0);
        List<TaskOutcome> failures = new ArrayList<>();
        PagedPhase.Tally<TaskOutcome> tally = PagedPhase.tasks(workers, page -> page.stream().filter(TaskOutcome::failed)
                .limit(MigrationPlan.MAX_FAILURES - failures.size()).forEach(failures::add))
                .run(PagedPhase.children(databases, schema), c -> task.dryRunOutcome(c.id(), c.name(),
                        "deleted during the plan"), c -> new TaskOutcome(c.id(), c.name(), TaskStatus.DryRunFailure,
                        Optional.of("internal error"), 1));
        return new MigrationPlan(schema.name(), tally.total(), tally.failed(), List.copyOf(failures),
                Optional.empty(), millisSince(started));
    }

    /**
     * A migration sent through the API: its statements, after they ran on the schema database
     * under its own rules, rolled back (an error there is the caller's, 400 naming it).
     */
    MigrationProgram program(DatabaseRecord schema, String sqlText) {
        if (schema.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + schema.name()
                    + " is not a schema database: migrations are sent to a schema database");
        }
        List<SqlStatement> statements = statements(sqlText);
        dryRunOnSchema(schema, statements).ifPresent(e -> {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the migration failed on the schema database "
                    + schema.name() + ": " + e);
        });
        return new MigrationProgram(statements.stream().map(s -> new MigrationStatement(s.sql(), Arguments.NONE))
                .toList(), false);
    }

    private static List<SqlStatement> statements(String sqlText) {
        List<SqlStatement> statements = SqlLexer.split(sqlText == null ? "" : sqlText);
        if (statements.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the SQL contains no statement");
        }
        for (SqlStatement s : statements) {
            if (TRANSACTION_CONTROL.contains(s.kind())) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "the SQL runs in one transaction of its "
                        + "own: leave out `" + s.sql() + "`");
            }
        }
        return statements;
    }

    /** The schema database's own dry run, as its tenant would run the SQL; always rolled back. */
    private Optional<String> dryRunOnSchema(DatabaseRecord schema, List<SqlStatement> statements) {
        ConnectionOptions asTenant = new ConnectionOptions(ConnectionOptions.Writes.ALLOWED, false,
                OptionalLong.empty(), ConnectionOptions.Role.SCHEMA, schema.name(), Optional.empty(),
                dev.shoal.core.sql.AttachRights.NONE);
        try (SqlConnection c = sql.connect(schema.id(), asTenant)) {
            c.execute("BEGIN IMMEDIATE", Arguments.NONE, false, RowSink.DISCARD);
            try {
                for (SqlStatement s : statements) {
                    c.execute(s.sql(), Arguments.NONE, false, RowSink.DISCARD);
                }
                return Optional.empty();
            } catch (ShoalException e) {
                return Optional.of(e.getMessage());
            } finally {
                c.execute("ROLLBACK", Arguments.NONE, false, RowSink.DISCARD);
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
