package dev.shoal.core.migration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: the durable record of migration jobs and their tasks. A job records its tasks a page at a
 * time as it goes; its apply phase and a restart read them back as the job's work list.
 */
public interface MigrationCatalog {
    /** Records a new job (status WaitingDryRun) before anything is changed anywhere; returns its id. */
    long insertJob(UUID schemaId, long version, MigrationProgram program, int children, Instant at, String sentBy,
            Rollout rollout);

    /** A staged job's first wave is done (its soak time counts from {@code at}). */
    void markWaveDone(long jobId, Instant at);

    /** The schema database's job that has not finished, if any (there is at most one). */
    Optional<MigrationJob> unfinishedJob(UUID schemaId);

    void updateJobStatus(long jobId, JobStatus status);

    /**
     * Records (or replaces) the outcome of some of a job's tasks, in one transaction; a task
     * recorded as {@code Success} stays so (a migrated child is migrated).
     */
    void recordTasks(long jobId, List<TaskOutcome> tasks);

    /** Ends a job: its status, its error, and how many of its tasks failed. */
    void finishJob(long jobId, JobStatus status, Optional<String> error, Instant at, int failed);

    /** A schema database's jobs, newest first. */
    List<MigrationJob> jobs(UUID schemaId);

    Optional<MigrationJob> job(long jobId);

    /** Every task of a job, in database name order. */
    List<TaskOutcome> tasks(long jobId);

    /** A page of a job's tasks in database name order: at most {@code limit}, after the name {@code after}. */
    List<TaskOutcome> tasks(long jobId, Optional<String> after, int limit);

    /** How far the job has got, counted from its tasks (cheap enough to poll). */
    JobProgress progress(long jobId);

    /** The job's failed tasks, at most {@code limit}, in name order. */
    List<TaskOutcome> failedTasks(long jobId, int limit);

    /** Jobs not finished (a restart resumes them). */
    List<MigrationJob> unfinishedJobs();
}
