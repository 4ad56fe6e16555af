package dev.shoal.core.migration;

/** A child's part in a job (sqld's task statuses). */
public enum TaskStatus {
    Enqueued,
    DryRunSuccess,
    DryRunFailure,
    Run,
    Success,
    Failure;

    /** The name sqld's jobs API shows for it: task statuses are rendered through the job enum there. */
    public String wireName() {
        return switch (this) {
            case Enqueued -> "WaitingDryRun";
            case DryRunSuccess -> "DryRunSuccess";
            case DryRunFailure -> "DryRunFailure";
            case Run -> "WaitingRun";
            case Success -> "RunSuccess";
            case Failure -> "RunFailure";
        };
    }
}
