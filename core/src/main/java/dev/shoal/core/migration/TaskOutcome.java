package dev.shoal.core.migration;

import java.util.Optional;
import java.util.UUID;

/**
 * How one child fared in a job: its own status and its own real error.
 *
 * @param blockedMicros how long the job refused writes to this child (from the job's start to the
 *                      end of this child's run); 0 for a dry run
 */
public record TaskOutcome(UUID databaseId, String databaseName, TaskStatus status, Optional<String> error,
        int attempts, long blockedMicros) {

    /** An outcome with no write-block window (dry runs). */
    public TaskOutcome(UUID databaseId, String databaseName, TaskStatus status, Optional<String> error, int attempts) {
        this(databaseId, databaseName, status, error, attempts, 0);
    }

    TaskOutcome blockedFor(long micros) {
        return new TaskOutcome(databaseId, databaseName, status, error, attempts, micros);
    }
}
