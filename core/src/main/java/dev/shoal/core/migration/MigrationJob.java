package dev.shoal.core.migration;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One migration of one schema database and its children.
 *
 * @param id         server-wide job number
 * @param schemaId   the schema database
 * @param version    the version the family reaches when the job succeeds (the schema database was at
 *                   {@code version - 1})
 * @param children   how many children the job covers
 * @param failed     how many of them failed their dry run or their run
 * @param sentBy     who sent it: the subject of the token whose stream wrote it, or the Platform
 *                   API user who submitted it
 * @param rollout    its mode and, for a staged job, its first wave
 * @param waveDoneAt when a staged job's first wave was done (its soak counts from there)
 */
public record MigrationJob(long id, UUID schemaId, long version, JobStatus status, Optional<String> error,
        MigrationProgram program, Instant createdAt, Optional<Instant> finishedAt, int children, int failed,
        String sentBy, Rollout rollout, Optional<Instant> waveDoneAt) {}
