package dev.shoal.core.migration;

/** A migration job's status, with the wire names sqld's clients know. */
public enum JobStatus {
    WaitingDryRun,
    DryRunSuccess,
    DryRunFailure,
    WaitingRun,
    RunSuccess,
    RunFailure;

    public boolean finished() {
        return this == DryRunFailure || this == RunSuccess || this == RunFailure;
    }
}
