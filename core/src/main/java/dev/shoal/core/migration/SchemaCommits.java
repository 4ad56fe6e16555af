package dev.shoal.core.migration;

import java.util.UUID;

/**
 * Port the schema database's connection calls at COMMIT of a transaction that wrote: the program
 * is fanned out to every child (dry run on all, then applied to each) before the schema database
 * itself commits, last.
 */
public interface SchemaCommits {
    /**
     * Runs the job up to (not including) the schema database's own commit. Throws
     * SCHEMA_MIGRATION_ERROR when a dry run or a run fails; the caller then rolls the schema
     * database back. On success the caller commits and then tells the returned {@link Completion}.
     *
     * @param sentBy who wrote it, for the history (the subject of the stream's token)
     */
    Completion fanOut(UUID schemaId, long version, MigrationProgram program, String sentBy);

    /** What the caller reports once it has committed (or failed to commit) the schema database. */
    interface Completion {
        void parentCommitted();

        void parentFailed(RuntimeException cause);
    }

    /** For storage used without a migration service (tests, tools): schema writes are refused. */
    SchemaCommits NONE = (schemaId, version, program, sentBy) -> {
        throw new dev.shoal.core.error.ShoalException(dev.shoal.core.error.ErrorCode.SCHEMA_MIGRATION_ERROR,
                "Schema migration error: this server has no migration service");
    };
}
