package dev.shoal.core.migration;

import java.util.Optional;
import java.util.UUID;

/**
 * How one child fared in a job: its own status and its own real error.
 *
 * @param blockedSinceMicros when the job began refusing the child's writes (its dry run), in epoch
 *                           microseconds; 0 if it never did
 * @param blockedMicros      how long the job refused the child's writes (from its dry run to the
 *                           end of its run); 0 until it has run
 */
public record TaskOutcome(UUID databaseId, String databaseName, TaskStatus status, Optional<String> error,
        int attempts, long blockedSinceMicros, long blockedMicros) {

    /** An outcome with no write-block window. */
    public TaskOutcome(UUID databaseId, String databaseName, TaskStatus status, Optional<String> error, int attempts) {
        this(databaseId, databaseName, status, error, attempts, 0, 0);
    }

    /** A task that did not start because its job was stopping: its child is as it was, and nothing is recorded. */
    static TaskOutcome notRun(UUID databaseId, String databaseName, TaskStatus status) {
        return new TaskOutcome(databaseId, databaseName, status, Optional.empty(), 0);
    }

    /** Whether the task ran at all (see {@link #notRun}). */
    boolean ran() {
        return attempts > 0;
    }

    boolean failed() {
        return status == TaskStatus.DryRunFailure || status == TaskStatus.Failure;
    }

    TaskOutcome blockedSince(long epochMicros) {
        return new TaskOutcome(databaseId, databaseName, status, error, attempts, epochMicros, blockedMicros);
    }

    /** The same outcome, its write-block window ending at {@code epochMicros}. */
    TaskOutcome blockedUntil(long epochMicros) {
        return new TaskOutcome(databaseId, databaseName, status, error, attempts, blockedSinceMicros,
                blockedSinceMicros == 0 ? 0 : Math.max(0, epochMicros - blockedSinceMicros));
    }
}
