package dev.shoal.core.migration;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One migration replayed on one database: a dry run (in a transaction that is rolled back), or
 * the run itself, which checks and moves the database's version in the same transaction, so a
 * database is migrated exactly once whatever crashes in between.
 */
final class ChildTask {
    private final SqlDatabases databases;
    private final MigrationProgram program;
    private final long version;

    ChildTask(SqlDatabases databases, MigrationProgram program, long version) {
        this.databases = databases;
        this.program = program;
        this.version = version;
    }

    /**
     * The dry run of one child as a task's outcome: {@code DryRunFailure} with the child's own error,
     * or {@code DryRunSuccess}; a child deleted meanwhile passes (nothing to migrate, nothing to
     * fail) with {@code deletedNote} as its note.
     */
    TaskOutcome dryRunOutcome(UUID id, String name, String deletedNote) {
        try {
            dryRun(id);
            return new TaskOutcome(id, name, TaskStatus.DryRunSuccess, Optional.empty(), 1);
        } catch (ShoalException e) {
            if (e.code() == dev.shoal.core.error.ErrorCode.NOT_FOUND) {
                return new TaskOutcome(id, name, TaskStatus.DryRunSuccess, Optional.of(deletedNote), 1);
            }
            return new TaskOutcome(id, name, TaskStatus.DryRunFailure, Optional.of(e.getMessage()), 1);
        }
    }

    /**
     * A job's dry run of one child, which also checks the child's version: {@code Success} (noted
     * {@link #ALREADY}) for a child already at the job's version — migrated before a pause, a
     * crash or a failure the job is resuming from — and {@code DryRunFailure} for one at neither
     * version (it has drifted).
     */
    TaskOutcome jobDryRunOutcome(UUID id, String name, String deletedNote) {
        try {
            boolean due = dryRun(id, Optional.of(name));
            return new TaskOutcome(id, name, due ? TaskStatus.DryRunSuccess : TaskStatus.Success,
                    due ? Optional.empty() : Optional.of(ALREADY), 1);
        } catch (ShoalException e) {
            if (e.code() == dev.shoal.core.error.ErrorCode.NOT_FOUND) {
                return new TaskOutcome(id, name, TaskStatus.DryRunSuccess, Optional.of(deletedNote), 1);
            }
            return new TaskOutcome(id, name, TaskStatus.DryRunFailure, Optional.of(e.getMessage()), 1);
        }
    }

    /** The note of a child a resumed job found migrated already. */
    static final String ALREADY = "already at the job's version";

    /** Runs the program and rolls it back; throws the first statement's real error. */
    void dryRun(UUID database) {
        dryRun(database, Optional.empty());
    }

    /**
     * Runs the program and rolls it back; with {@code checkVersionOf} (the database's name), first
     * checks the database is at the version before the job's: returns false, running nothing, if
     * it is at the job's version already.
     */
    private boolean dryRun(UUID database, Optional<String> checkVersionOf) {
        try (SqlConnection c = databases.connect(database, ConnectionOptions.MIGRATION)) {
            begin(c);
            try {
                if (checkVersionOf.isPresent() && !due(c, checkVersionOf.get())) {
                    return false;
                }
                replay(c);
                return true;
            } finally {
                c.execute("ROLLBACK", Arguments.NONE, false, RowSink.DISCARD);
            }
        }
    }

    /** Whether the database still needs the migration: false at the job's version, an error at any other but the one before. */
    private boolean due(SqlConnection c, String name) {
        long at = SchemaVersion.of(c);
        if (at == version) {
            return false;
        }
        if (at != version - 1) {
            throw new ShoalException(dev.shoal.core.error.ErrorCode.SCHEMA_MIGRATION_ERROR, "database " + name
                    + " is at version " + at + ", expected " + (version - 1) + " (it has drifted from its schema)");
        }
        return true;
    }

    /**
     * Runs the program for real unless the database is already at the job's version. Returns how
     * long the transaction held the database's write lock (from {@code BEGIN IMMEDIATE} taking it to
     * {@code COMMIT}), in nanoseconds — the pause its writers saw — or -1 if nothing was due.
     */
    long apply(UUID database, String name) {
        try (SqlConnection c = databases.connect(database, ConnectionOptions.MIGRATION)) {
            begin(c);
            long locked = System.nanoTime();
            boolean committed = false;
            try {
                if (!due(c, name)) {
                    return -1; // applied before a crash or by an earlier attempt
                }
                replay(c);
                c.execute("PRAGMA user_version = " + version, Arguments.NONE, false, RowSink.DISCARD);
                c.execute("COMMIT", Arguments.NONE, false, RowSink.DISCARD);
                committed = true;
                return System.nanoTime() - locked;
            } finally {
                if (!committed && !c.isAutocommit()) {
                    c.execute("ROLLBACK", Arguments.NONE, false, RowSink.DISCARD);
                }
            }
        }
    }

    /**
     * Pooled connections start with foreign keys off (a stream that changed the setting never hands
     * its connection on), so the pragma is sent only when the program ran with them on: setting it
     * retires the connection after use, and a fresh SQLite connection per child is the largest
     * cost of a fan-out.
     */
    private void begin(SqlConnection c) {
        if (program.foreignKeys()) {
            c.execute("PRAGMA foreign_keys = ON", Arguments.NONE, false, RowSink.DISCARD);
        }
        c.execute("BEGIN IMMEDIATE", Arguments.NONE, false, RowSink.DISCARD);
    }

    private void replay(SqlConnection c) {
        List<MigrationStatement> statements = program.statements();
        for (int i = 0; i < statements.size(); i++) {
            MigrationStatement s = statements.get(i);
            c.execute(s.sql(), s.args(), false, RowSink.DISCARD);
        }
    }
}
