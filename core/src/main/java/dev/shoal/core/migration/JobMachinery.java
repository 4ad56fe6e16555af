package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every job runs on — the catalogs, the databases, the write blocks, the family locks and
 * the worker pool — and the steps all of them share: one child applied with retries, a task
 * observed for the logs and the events, a job's end recorded.
 */
final class JobMachinery {
    private static final Logger log = LoggerFactory.getLogger(JobMachinery.class);
    static final int APPLY_ATTEMPTS = 3;
    /** The note of a task whose child was deleted during its job: nothing left to migrate. */
    static final String DELETED = "deleted during the job";

    final DatabaseCatalog databases;
    final MigrationCatalog jobs;
    final SqlDatabases sql;
    final WriteBlocks blocks;
    final FamilyLocks locks;
    final Clock clock;
    final ExecutorService workers;
    final MigrationEvents events;

    JobMachinery(DatabaseCatalog databases, MigrationCatalog jobs, SqlDatabases sql, WriteBlocks blocks,
            FamilyLocks locks, Clock clock, ExecutorService workers, MigrationEvents events) {
        this.databases = databases;
        this.jobs = jobs;
        this.sql = sql;
        this.blocks = blocks;
        this.locks = locks;
        this.clock = clock;
        this.workers = workers;
        this.events = events;
    }

    /**
     * Applies with a bounded number of attempts and backoff. The outcome's write-block window is
     * the successful attempt's transaction: the time it held the database's write lock.
     */
    TaskOutcome applyWithRetries(ChildTask task, UUID id, String name) {
        ShoalException last = null;
        for (int attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
            try {
                long held = Math.max(0, task.apply(id, name) / 1_000);
                long end = epochMicros();
                return new TaskOutcome(id, name, TaskStatus.Success, Optional.empty(), attempt, end - held, held);
            } catch (ShoalException e) {
                last = e;
                if (e.code() == ErrorCode.NOT_FOUND) { // deleted meanwhile: nothing left to migrate
                    return new TaskOutcome(id, name, TaskStatus.Success, Optional.of(DELETED), attempt);
                }
                if (attempt < APPLY_ATTEMPTS) {
                    events.applyRetried();
                    log.info("applying the migration to {} failed (attempt {} of {}); retrying: {}", name, attempt,
                            APPLY_ATTEMPTS, e.getMessage());
                    sleep(50L << (2 * (attempt - 1))); // 50, 200 ms; none after the last attempt
                }
            }
        }
        return new TaskOutcome(id, name, TaskStatus.Failure, Optional.of(last.getMessage()), APPLY_ATTEMPTS);
    }

    /** Records the job's end in the catalog, then tells the events. */
    void finishJob(long jobId, JobStatus status, Optional<String> error, int failed) {
        jobs.finishJob(jobId, status, error, clock.instant(), failed);
        events.jobFinished(jobId, status);
    }

    /**
     * {@code work} on one child, with the job and the child's name in the log context, timed and
     * told to the events; a throw is told as {@code failure}'s outcome, then passed on. A task
     * that did not run (its job was stopping) is not told.
     */
    <T> Function<T, TaskOutcome> observed(long jobId, Function<T, String> name, Function<T, TaskOutcome> work,
            Function<T, TaskOutcome> failure) {
        return item -> {
            long start = System.nanoTime();
            try (MDC.MDCCloseable j = MDC.putCloseable("job", Long.toString(jobId));
                    MDC.MDCCloseable d = MDC.putCloseable("database", name.apply(item))) {
                TaskOutcome outcome = work.apply(item);
                if (outcome.ran()) {
                    events.taskFinished(jobId, outcome, System.nanoTime() - start);
                }
                return outcome;
            } catch (RuntimeException | Error e) {
                events.taskFinished(jobId, failure.apply(item), System.nanoTime() - start);
                throw e;
            }
        };
    }

    /** Records a page of a job's outcomes, leaving out the tasks that did not run. */
    void record(long jobId, List<TaskOutcome> page) {
        List<TaskOutcome> ran = page.stream().filter(TaskOutcome::ran).toList();
        if (!ran.isEmpty()) {
            jobs.recordTasks(jobId, ran);
        }
    }

    /** A job's recorded tasks, page by page in name order. */
    PagedPhase.Pages<TaskOutcome> taskPages(long jobId) {
        return new PagedPhase.Pages<>() {
            private Optional<String> after = Optional.empty();

            @Override
            public List<TaskOutcome> next() {
                List<TaskOutcome> page = jobs.tasks(jobId, after, DatabaseQuery.MAX_LIMIT);
                if (!page.isEmpty()) {
                    after = Optional.of(page.get(page.size() - 1).databaseName());
                }
                return page;
            }
        };
    }

    long versionOf(DatabaseRecord db) {
        try (SqlConnection c = sql.connect(db.id(), ConnectionOptions.MIGRATION)) {
            return SchemaVersion.of(c);
        }
    }

    static TaskOutcome internalError(UUID id, String name, TaskStatus status) {
        return new TaskOutcome(id, name, status, Optional.of("internal error"), 1);
    }

    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
