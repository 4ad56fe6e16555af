package dev.shoal.core.migration;

import java.util.Optional;
import java.util.UUID;

/** How one child fared in a job: its own status and its own real error. */
public record TaskOutcome(UUID databaseId, String databaseName, TaskStatus status, Optional<String> error,
        int attempts) {}
