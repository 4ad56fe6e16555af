package dev.shoal.core.migration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the durable record of migration jobs and their tasks. */
public interface MigrationCatalog {
    /** Records a new job (status WaitingDryRun) before anything is changed anywhere; returns its id. */
    long insertJob(UUID schemaId, long version, MigrationProgram program, int children, Instant at);

    void updateJobStatus(long jobId, JobStatus status);

    /** Ends a job with the outcome of every task. */
    void finishJob(long jobId, JobStatus status, Optional<String> error, Instant at, List<TaskOutcome> tasks);

    /** A schema database's jobs, newest first. */
    List<MigrationJob> jobs(UUID schemaId);

    Optional<MigrationJob> job(long jobId);

    List<TaskOutcome> tasks(long jobId);

    /** Jobs not finished (a restart resumes them). */
    List<MigrationJob> unfinishedJobs();
}
