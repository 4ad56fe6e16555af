package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.SqlDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs migration jobs: a write committed on a schema database is dry-run on every child (in
 * parallel, on the live databases, rolled back), and only if every dry run passed is it applied to
 * every child, each in its own transaction that also moves the child's version, and finally
 * committed on the schema database itself. Children are write-blocked from before their dry run
 * until their run. Jobs of different schemas run in parallel on one pool of workers; one job per
 * schema at a time (the family lock). Every log line of a job carries its id in the log context
 * ({@code job}, and {@code database} for one child's task); {@link MigrationEvents} hears what happens.
 */
public final class SchemaMigrations implements SchemaCommits, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    static final int APPLY_ATTEMPTS = 3;
    /** The note of a task whose child was deleted during its job: nothing left to migrate. */
    private static final String DELETED = "deleted during the job";

    private final DatabaseCatalog databases;
    private final MigrationCatalog jobs;
    private final SqlDatabases sql;
    private final WriteBlocks blocks;
    private final FamilyLocks locks;
    private final Clock clock;
    private final ExecutorService workers;
    private final ExecutorService jobThreads;
    private final java.time.Duration answerWait;
    private final MigrationPlanner planner;
    private final SchemaCheck checks;
    private final MigrationEvents events;

    /**
     * @param workerThreads how many children are dry-run or migrated at once, for all jobs together
     * @param answerWait    how long the request that sent a migration waits for it before it is answered
     *                      with the job's id (the job goes on)
     * @param events        told of jobs and tasks as they start and end ({@link MigrationEvents#NONE}: nobody)
     */
    public SchemaMigrations(DatabaseCatalog databases, MigrationCatalog jobs, SqlDatabases sql, WriteBlocks blocks,
            FamilyLocks locks, Clock clock, int workerThreads, java.time.Duration answerWait, MigrationEvents events) {
        this.answerWait = answerWait;
        this.events = events;
        AtomicInteger j = new AtomicInteger();
        this.jobThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shoal-migration-job-" + j.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.databases = databases;
        this.jobs = jobs;
        this.sql = sql;
        this.blocks = blocks;
        this.locks = locks;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "shoal-migration-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.planner = new MigrationPlanner(databases, sql, workers);
        this.checks = new SchemaCheck(databases, sql, workers);
    }

    /**
     * Dry-runs {@code sql} on the schema database and every child on the migration workers, and says
     * which children would fail and why; nothing is changed and no write is blocked.
     */
    public MigrationPlan plan(DatabaseRecord schema, String sql) {
        return planner.plan(schema, sql);
    }

    /** Drift: the children whose schema or version differs from the schema database's; changes nothing. */
    public SchemaCheck.Result check(DatabaseRecord schema) {
        return checks.check(schema);
    }

    /**
     * Runs the job on a job thread and waits for it up to the answer wait limit. Past the limit the
     * caller gets an error naming the job (its transaction is then rolled back), and the job goes
     * on by itself: it applies the migration to the schema database last, from the program, as a
     * restart would.
     */
    @Override
    public Completion fanOut(UUID schemaId, long version, MigrationProgram program) {
        DatabaseRecord schema = databases.findDatabase(schemaId).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "schema database " + schemaId + " not found"));
        RunningJob job = new RunningJob();
        CompletableFuture<Completion> done = CompletableFuture.supplyAsync(() -> runJob(schema, version, program, job),
                jobThreads);
        try {
            return done.get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (job.detach()) {
                long id = job.id();
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, "migration job " + id + " of "
                        + schema.name() + " is still running after " + (answerWait.toMillis() % 1000 == 0
                        ? answerWait.toSeconds() + " s" : answerWait.toMillis() + " ms") + "; it goes on and "
                        + "finishes by itself (the schema database last): follow it at GET /v1/jobs/" + id);
            }
            return done.join(); // it finished as the wait ran out
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    /** Who finishes a job: the request that sent it (normally), or the job itself once the request stopped waiting. */
    private static final class RunningJob {
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private volatile long id;

        /** The request stops waiting; false if the children were done already. */
        boolean detach() {
            return state.compareAndSet(0, 1);
        }

        /** The children are done; false if the request stopped waiting (the job then finishes the parent). */
        boolean childrenDone() {
            return state.compareAndSet(0, 2);
        }

        long id() {
            return id;
        }
    }

    private Completion runJob(DatabaseRecord schema, long version, MigrationProgram program, RunningJob job) {
        FamilyLocks.Held lock = locks.forJob(schema.id(), schema.name());
        try {
            long jobId = jobs.insertJob(schema.id(), version, program, (int) databases.countChildren(schema.id()),
                    clock.instant());
            job.id = jobId;
            MDC.put("job", Long.toString(jobId));
            events.jobStarted(jobId);
            log.info("migration job {} of {} started", jobId, schema.name());
            ChildTask task = new ChildTask(sql, program, version);
            long started = System.nanoTime();
            Optional<String> dryError = dryRunPhase(jobId, task, schema);
            long dryRanAt = System.nanoTime();
            log.info("migration job {} of {}: dry runs took {} ms{}", jobId, schema.name(),
                    (dryRanAt - started) / 1_000_000, dryError.map(e -> ": " + e).orElse(""));
            if (dryError.isPresent()) {
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, dryError.get());
            }
            PagedPhase.Tally<TaskOutcome> run = applyPhase(jobId, task, taskPages(jobId));
            log.info("migration job {} of {}: applying to {} children took {} ms", jobId, schema.name(), run.total(),
                    (System.nanoTime() - dryRanAt) / 1_000_000);
            if (run.failed() > 0) {
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, runFailure(jobId, run));
            }
            if (job.childrenDone()) {
                return completion(jobId, lock); // the request commits the schema database, last
            }
            finishWithParent(jobId, task, schema); // the request gave up waiting
            lock.release();
            return null;
        } catch (RuntimeException e) {
            try {
                abandon(job.id(), e);
            } finally {
                lock.release();
            }
            throw e;
        } finally {
            MDC.remove("job");
        }
    }

    /**
     * A job that stopped on something other than its own outcome (the catalog failing, a bug) ends
     * now, its children unblocked, rather than keeping them write-blocked until the next start.
     * Shutdown is the exception: the job stays unfinished and the next start resumes it.
     */
    private void abandon(long jobId, RuntimeException cause) {
        if (jobId == 0 || cause instanceof ShoalException se && se.code() == ErrorCode.SHUTTING_DOWN) {
            return;
        }
        Optional<MigrationJob> job = jobs.job(jobId).filter(j -> !j.status().finished());
        if (job.isEmpty()) {
            return; // it ended with its outcome already
        }
        log.error("migration job {} stopped: {}", jobId, cause.toString(), cause);
        blocks.releaseJob(jobId);
        boolean applying = job.get().status() == JobStatus.WaitingRun;
        finishJob(jobId, applying ? JobStatus.RunFailure : JobStatus.DryRunFailure, Optional.of("the job stopped "
                + (applying ? "while applying (children migrated so far stay migrated; the schema database was not "
                + "changed)" : "during its dry runs (nothing was changed)") + ": " + cause.getMessage()),
                clock.instant(), 0);
    }

    /**
     * Dry-runs on every child, each write-blocked from its dry run on; on a failure the job ends as
     * DryRunFailure, every child is unblocked, and the first failure (in name order) is returned.
     */
    private Optional<String> dryRunPhase(long jobId, ChildTask task, DatabaseRecord schema) {
        Function<DatabaseRecord, TaskOutcome> failed = c -> internalError(c.id(), c.name(), TaskStatus.DryRunFailure);
        PagedPhase.Tally<TaskOutcome> dry = PagedPhase.tasks(workers, page -> jobs.recordTasks(jobId, page))
                .run(PagedPhase.children(databases, schema),
                        observed(jobId, DatabaseRecord::name, c -> dryRun(jobId, task, c), failed), failed);
        if (dry.failed() == 0) {
            jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
            return Optional.empty();
        }
        TaskOutcome first = dry.firstFailure().orElseThrow();
        String error = "migration dry run failed on database " + first.databaseName() + ": " + first.error().orElse("");
        blocks.releaseJob(jobId);
        finishJob(jobId, JobStatus.DryRunFailure, Optional.of(error), clock.instant(), dry.failed());
        return Optional.of(error);
    }

    /** Applies to every child of the work list (the dry runs' tasks, as recorded); a failure ends the job. */
    private PagedPhase.Tally<TaskOutcome> applyPhase(long jobId, ChildTask task, PagedPhase.Pages<TaskOutcome> work) {
        Function<TaskOutcome, TaskOutcome> failed = t -> internalError(t.databaseId(), t.databaseName(),
                TaskStatus.Failure);
        PagedPhase.Tally<TaskOutcome> run = PagedPhase.tasks(workers, page -> jobs.recordTasks(jobId, page))
                .run(work, observed(jobId, TaskOutcome::databaseName, t -> apply(task, t), failed), failed);
        if (run.failed() > 0) {
            blocks.releaseJob(jobId);
            finishJob(jobId, JobStatus.RunFailure, Optional.of(runFailure(jobId, run)), clock.instant(),
                    run.failed());
        }
        return run;
    }

    private static String runFailure(long jobId, PagedPhase.Tally<TaskOutcome> run) {
        TaskOutcome first = run.firstFailure().orElseThrow();
        return "migration failed on database " + first.databaseName() + " after every dry run passed: "
                + first.error().orElse("") + " (" + (run.total() - run.failed()) + " of " + run.total()
                + " children are migrated; the schema database was not changed)";
    }

    /** The schema database last, from the program (no request is left to commit it), and the job's end. */
    private void finishWithParent(long jobId, ChildTask task, DatabaseRecord schema) {
        TaskOutcome parent = applyWithRetries(task, schema.id(), schema.name());
        finishJob(jobId, parent.status() == TaskStatus.Success ? JobStatus.RunSuccess : JobStatus.RunFailure,
                parent.error().map(e -> "every child is migrated, but the schema database failed: " + e),
                clock.instant(), 0);
    }

    /**
     * Retries a job that failed while applying ({@code RunFailure}): its children not yet migrated
     * are applied again (write-blocked until then), then the schema database, as a resumed job
     * would. Children already migrated are left alone (their version says so). Returns at once;
     * the job goes on on a job thread. Refused unless the job is the schema database's newest and
     * the schema database is still at the version the job starts from.
     */
    public MigrationJob retry(DatabaseRecord schema, long jobId) {
        MigrationJob job = jobs.job(jobId).filter(j -> j.schemaId().equals(schema.id())).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "couldn't find requested migration job"));
        if (job.status() != JobStatus.RunFailure) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "only a job that failed while applying (RunFailure) "
                    + "can be retried; job " + jobId + " is " + job.status());
        }
        FamilyLocks.Held lock = locks.forJob(schema.id(), schema.name());
        try {
            long newest = jobs.jobs(schema.id()).get(0).id();
            long at = versionOf(schema);
            if (newest != jobId || at != job.version() - 1) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "job " + jobId + " can no longer be retried: "
                        + (newest != jobId ? "job " + newest + " came after it" : "the schema database is at version "
                        + at + ", the job moves it from " + (job.version() - 1)));
            }
            jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
            blockForResume(job, schema);
            jobThreads.submit(() -> resume(schema, jobs.job(jobId).orElseThrow(), lock));
            return jobs.job(jobId).orElseThrow();
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    private long versionOf(DatabaseRecord db) {
        try (dev.shoal.core.sql.SqlConnection c = sql.connect(db.id(), dev.shoal.core.sql.ConnectionOptions.MIGRATION)) {
            return SchemaVersion.of(c);
        }
    }

    /**
     * At start: every job a crash interrupted is finished. Before this returns (so before the server
     * serves requests) each such job holds its family's lock, so no child is born in between, and
     * its children refuse writes; the jobs then finish on a background thread. A job stopped during
     * its dry runs is dry-run again, the schema database included (nothing was applied anywhere);
     * one stopped while applying goes on applying. Every database's version decides whether it
     * still needs the migration, in the same transaction that applies it, so nothing is applied twice.
     */
    public void resumeUnfinished() {
        List<Runnable> resumes = new ArrayList<>();
        for (MigrationJob job : jobs.unfinishedJobs()) {
            Optional<DatabaseRecord> schema = databases.findDatabase(job.schemaId());
            if (schema.isEmpty()) {
                finishJob(job.id(), JobStatus.RunFailure, Optional.of("the schema database was deleted"),
                        clock.instant(), 0);
                continue;
            }
            FamilyLocks.Held lock = locks.forJob(schema.get().id(), schema.get().name());
            blockForResume(job, schema.get());
            resumes.add(() -> resume(schema.get(), job, lock));
        }
        if (!resumes.isEmpty()) {
            Thread t = new Thread(() -> resumes.forEach(Runnable::run), "shoal-migration-resume");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The children of the family refuse writes until the resumed job has run on them. The family's
     * lock was held from the job's start, and is again from this start, so its children now are the
     * job's children (less any deleted).
     */
    private void blockForResume(MigrationJob job, DatabaseRecord schema) {
        PagedPhase.Pages<DatabaseRecord> pages = PagedPhase.children(databases, schema);
        for (List<DatabaseRecord> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            page.forEach(c -> blocks.block(c.id(), job.id()));
        }
    }

    private static boolean dryRunsPending(MigrationJob job) {
        return job.status() == JobStatus.WaitingDryRun || job.status() == JobStatus.DryRunSuccess;
    }

    private void resume(DatabaseRecord schema, MigrationJob job, FamilyLocks.Held lock) {
        MDC.put("job", Long.toString(job.id()));
        events.jobStarted(job.id());
        try {
            log.info("resuming migration job {} of {} ({} children, {})", job.id(), schema.name(), job.children(),
                    job.status());
            ChildTask task = new ChildTask(sql, job.program(), job.version());
            if (dryRunsPending(job)) {
                if (dryRunPhase(job.id(), task, schema).isPresent() || !dryRunSchema(job.id(), task, schema)) {
                    return;
                }
            }
            if (applyPhase(job.id(), task, resumePages(schema)).failed() == 0) {
                finishWithParent(job.id(), task, schema);
            }
        } catch (RuntimeException e) {
            log.error("resuming migration job {} failed; it stays unfinished and is resumed at the next start",
                    job.id(), e);
        } finally {
            blocks.releaseJob(job.id());
            lock.release();
            MDC.remove("job");
        }
    }

    /** Nothing was applied anywhere: the schema database is dry-run too, after its children. */
    private boolean dryRunSchema(long jobId, ChildTask task, DatabaseRecord schema) {
        try {
            task.dryRun(schema.id());
            return true;
        } catch (ShoalException e) {
            finishJob(jobId, JobStatus.DryRunFailure, Optional.of("migration dry run failed on database "
                    + schema.name() + ": " + e.getMessage()), clock.instant(), 1);
            return false;
        }
    }

    private Completion completion(long jobId, FamilyLocks.Held lock) {
        return new Completion() {
            @Override
            public void parentCommitted() {
                try {
                    finishJob(jobId, JobStatus.RunSuccess, Optional.empty(), clock.instant(), 0);
                } finally {
                    lock.release();
                }
            }

            @Override
            public void parentFailed(RuntimeException cause) {
                try {
                    finishJob(jobId, JobStatus.RunFailure, Optional.of("every child is migrated, but the schema "
                            + "database failed to commit: " + cause.getMessage()), clock.instant(), 0);
                } finally {
                    lock.release();
                }
            }
        };
    }

    /** The child refuses writes from its dry run until its run (or the job's end, if it fails). */
    private TaskOutcome dryRun(long jobId, ChildTask task, DatabaseRecord child) {
        blocks.block(child.id(), jobId);
        long since = epochMicros();
        TaskOutcome dry = task.dryRunOutcome(child.id(), child.name(), DELETED);
        return dry.error().equals(Optional.of(DELETED)) ? dry : dry.blockedSince(since);
    }

    /** Applies with a bounded number of attempts and backoff; the child is unblocked once it is done. */
    private TaskOutcome apply(ChildTask task, TaskOutcome dryRun) {
        TaskOutcome outcome = applyWithRetries(task, dryRun.databaseId(), dryRun.databaseName());
        blocks.release(dryRun.databaseId());
        return outcome.blockedSince(dryRun.blockedSinceMicros()).blockedUntil(epochMicros());
    }

    private TaskOutcome applyWithRetries(ChildTask task, UUID id, String name) {
        ShoalException last = null;
        for (int attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
            try {
                task.apply(id, name);
                return new TaskOutcome(id, name, TaskStatus.Success, Optional.empty(), attempt);
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
    private void finishJob(long jobId, JobStatus status, Optional<String> error, java.time.Instant at, int failed) {
        jobs.finishJob(jobId, status, error, at, failed);
        events.jobFinished(jobId, status);
    }

    /**
     * {@code work} on one child, with the job and the child's name in the log context, timed and
     * told to the events; a throw is told as {@code failure}'s outcome, then passed on.
     */
    private <T> Function<T, TaskOutcome> observed(long jobId, Function<T, String> name, Function<T, TaskOutcome> work,
            Function<T, TaskOutcome> failure) {
        return item -> {
            long start = System.nanoTime();
            try (MDC.MDCCloseable j = MDC.putCloseable("job", Long.toString(jobId));
                    MDC.MDCCloseable d = MDC.putCloseable("database", name.apply(item))) {
                TaskOutcome outcome = work.apply(item);
                events.taskFinished(jobId, outcome, System.nanoTime() - start);
                return outcome;
            } catch (RuntimeException | Error e) {
                events.taskFinished(jobId, failure.apply(item), System.nanoTime() - start);
                throw e;
            }
        };
    }

    private static TaskOutcome internalError(UUID id, String name, TaskStatus status) {
        return new TaskOutcome(id, name, status, Optional.of("internal error"), 1);
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** A job's recorded tasks, page by page in name order: the work list of its apply phase. */
    private PagedPhase.Pages<TaskOutcome> taskPages(long jobId) {
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

    /** A resumed job's work list: the family's children (its recorded tasks may predate a crash). */
    private PagedPhase.Pages<TaskOutcome> resumePages(DatabaseRecord schema) {
        PagedPhase.Pages<DatabaseRecord> children = PagedPhase.children(databases, schema);
        long since = epochMicros();
        return () -> children.next().stream().map(c -> new TaskOutcome(c.id(), c.name(), TaskStatus.DryRunSuccess,
                Optional.empty(), 1).blockedSince(since)).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        jobThreads.shutdownNow();
        workers.shutdownNow();
    }
}
