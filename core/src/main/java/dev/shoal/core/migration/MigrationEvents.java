package dev.shoal.core.migration;

/**
 * What migration jobs do, as it happens, for whoever watches (the server counts it in its
 * metrics). Core only calls; it knows nothing of how the calls are counted. Calls come from job
 * and worker threads, so an implementation must be thread-safe, quick, and must not throw. The
 * defaults do nothing.
 */
public interface MigrationEvents {
    /** Nobody watching. */
    MigrationEvents NONE = new MigrationEvents() {};

    /** A job started its dry runs, or was resumed after a restart. */
    default void jobStarted(long jobId) {}

    /** A job ended with its final status ({@link JobStatus#finished()} holds). */
    default void jobFinished(long jobId, JobStatus status) {}

    /**
     * One child's dry run or run ended, after {@code nanos}. The outcome's status says which and
     * how ({@code DryRunSuccess}/{@code DryRunFailure}, {@code Success}/{@code Failure}); a run's
     * outcome carries the child's write-block window ({@link TaskOutcome#blockedMicros()}).
     */
    default void taskFinished(long jobId, TaskOutcome outcome, long nanos) {}

    /** An attempt to apply a migration to one database (a child or the schema database) failed; another follows. */
    default void applyRetried() {}
}
