package dev.shoal.core.migration;

/**
 * A migration job's status, with the wire names sqld's clients know, and Shoal's own for what
 * sqld cannot do: a paused job, a staged job waiting for its promote, a cancelled job, and an
 * online job whose children changed under it.
 */
public enum JobStatus {
    WaitingDryRun,
    DryRunSuccess,
    DryRunFailure,
    WaitingRun,
    RunSuccess,
    RunFailure,
    /** Paused by request: no task runs until it is resumed (or cancelled). */
    Paused,
    /** A staged job's first wave is migrated; the rest follow at promote (or after the soak time). */
    WaitingPromote,
    /** Cancelled by request: children migrated before it stay migrated, nothing else changes. */
    Cancelled,
    /**
     * An online job applied everywhere (the schema database included) except to the children
     * that changed after their dry run and failed every attempt: they are listed, still on the
     * old version, until the job is retried.
     */
    NeedsAttention;

    public boolean finished() {
        return this == DryRunFailure || this == RunSuccess || this == RunFailure || this == Cancelled
                || this == NeedsAttention;
    }

    /** Whether the schema database is at the job's version once it ended so. */
    public boolean parentApplied() {
        return this == RunSuccess || this == NeedsAttention;
    }

    /** Whether {@code retry} can finish a job that ended so. */
    public boolean retryable() {
        return this == RunFailure || this == Cancelled || this == NeedsAttention;
    }
}
