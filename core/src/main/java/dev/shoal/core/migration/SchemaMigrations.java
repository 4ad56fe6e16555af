package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.Durations;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.SqlDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs migration jobs: a write committed on a schema database (or a migration submitted through
 * the API) is dry-run on every child, applied to every child, and finally committed on the schema
 * database itself ({@link JobRun} takes a job through its children). Jobs of different schemas
 * run in parallel on one pool of workers; one job per schema at a time. Running jobs can be
 * paused, resumed, cancelled and — staged ones — promoted; ended ones retried. Every log line of a
 * job carries its id in the log context ({@code job}, and {@code database} for one child's task);
 * {@link MigrationEvents} hears what happens.
 */
public final class SchemaMigrations implements SchemaCommits, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    /** How long a control call waits for the job to reach the state it asked for before answering. */
    private static final Duration CONTROL_ANSWER_WAIT = Duration.ofSeconds(10);

    private final JobMachinery m;
    private final ExecutorService workers;
    private final ExecutorService jobThreads;
    private final Duration answerWait;
    private final MigrationPlanner planner;
    private final SchemaCheck checks;
    private final SchemaRepair repairs;
    private final Map<Long, JobControl> controls = new ConcurrentHashMap<>();

    /**
     * @param workerThreads how many children are dry-run or migrated at once, for all jobs together
     * @param answerWait    how long the request that sent a migration waits for it before it is answered
     *                      with the job's id (the job goes on)
     * @param events        told of jobs and tasks as they start and end ({@link MigrationEvents#NONE}: nobody)
     */
    public SchemaMigrations(DatabaseCatalog databases, MigrationCatalog jobs, SqlDatabases sql, WriteBlocks blocks,
            FamilyLocks locks, Clock clock, int workerThreads, Duration answerWait, MigrationEvents events) {
        this.answerWait = answerWait;
        AtomicInteger j = new AtomicInteger();
        this.jobThreads = Executors.newCachedThreadPool(r -> daemon(r, "shoal-migration-job-" + j.incrementAndGet()));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> daemon(r, "shoal-migration-" + n.incrementAndGet()));
        this.m = new JobMachinery(databases, jobs, sql, blocks, locks, clock, workers, events);
        this.planner = new MigrationPlanner(databases, sql, workers);
        this.checks = new SchemaCheck(databases, sql, workers);
        this.repairs = new SchemaRepair(m, checks);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
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
     * Drift repair: every child that is behind is brought to the schema database's version by
     * replaying the missing migrations from the history; the others that drifted are reported.
     */
    public SchemaRepair.Result repair(DatabaseRecord schema) {
        return repairs.repair(schema);
    }

    // ---------------------------------------------------------------------------------------
    // Starting jobs

    /**
     * Runs the job on a job thread and waits for it up to the answer wait limit. Past the limit the
     * caller gets an error naming the job (its transaction is then rolled back), and the job goes
     * on by itself: it applies the migration to the schema database last, from the program, as a
     * restart would.
     */
    @Override
    public Completion fanOut(UUID schemaId, long version, MigrationProgram program, String sentBy) {
        DatabaseRecord schema = m.databases.findDatabase(schemaId).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "schema database " + schemaId + " not found"));
        RunningJob job = new RunningJob();
        CompletableFuture<Completion> done = CompletableFuture.supplyAsync(() -> runJob(schema, version, program,
                sentBy, job), jobThreads);
        try {
            return done.get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (job.detach()) {
                long id = job.id();
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, "migration job " + id + " of "
                        + schema.name() + " is still running after " + Durations.shown(answerWait) + "; it goes on and "
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
        private final AtomicInteger state = new AtomicInteger();
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

    private Completion runJob(DatabaseRecord schema, long version, MigrationProgram program, String sentBy,
            RunningJob request) {
        FamilyLocks.Held lock = m.locks.forJob(schema.id(), schema.name());
        JobRun run = null;
        try {
            MigrationJob job = insertJob(schema, version, program, sentBy, Rollout.plain(schema.config()
                    .migrationMode()));
            request.id = job.id();
            run = new JobRun(m, job, schema, control(job.id()), lock);
            MDC.put("job", Long.toString(job.id()));
            JobRun.Children children = run.children(JobStatus.WaitingDryRun, false);
            if (request.childrenDone()) {
                return completion(run, children); // the request commits the schema database, last
            }
            finishWithParent(run, children); // the request gave up waiting
            return null;
        } catch (RuntimeException e) {
            abandon(request.id(), e, run == null ? lock : run.lock());
            throw e;
        } finally {
            MDC.remove("job");
        }
    }

    /**
     * {@code POST …/migrations}: a migration sent through the API instead of written to the schema
     * database — possibly staged. The SQL is first run on the schema database under its own rules
     * and rolled back (an error there is the caller's); then the job starts and this returns it. The
     * job applies the schema database last itself.
     */
    public MigrationJob submit(DatabaseRecord schema, String sqlText, Optional<Rollout.FirstWave> firstWave,
            Optional<Duration> soak, String sentBy) {
        Rollout rollout = new Rollout(schema.config().migrationMode(), firstWave, soak);
        firstWave.ifPresent(w -> requireChildren(schema, w));
        MigrationProgram program = planner.program(schema, sqlText);
        FamilyLocks.Held lock = m.locks.forJob(schema.id(), schema.name());
        try {
            MigrationJob job = insertJob(schema, m.versionOf(schema) + 1, program, sentBy, rollout);
            JobRun run = new JobRun(m, job, schema, control(job.id()), lock);
            jobThreads.submit(() -> drive(schema, run, JobStatus.WaitingDryRun, false));
            return job;
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    private void requireChildren(DatabaseRecord schema, Rollout.FirstWave wave) {
        for (String name : wave.databases()) {
            DatabaseRecord c = m.databases.findDatabase(schema.organization(), name).orElseThrow(() ->
                    new ShoalException(ErrorCode.INVALID_REQUEST, "first wave: database " + name + " not found"));
            if (c.kind() != DatabaseKind.CHILD || !c.parentId().equals(Optional.of(schema.id()))) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "first wave: database " + name
                        + " is not a child of " + schema.name());
            }
        }
    }

    /** Records a job under the family lock: refused while another job of the family is unfinished. */
    private MigrationJob insertJob(DatabaseRecord schema, long version, MigrationProgram program, String sentBy,
            Rollout rollout) {
        m.jobs.unfinishedJob(schema.id()).ifPresent(other -> {
            throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, "schema database " + schema.name()
                    + " has migration job " + other.id() + " " + describe(other.status()) + "; "
                    + (other.status() == JobStatus.WaitingPromote ? "promote" : "resume") + " or cancel it before "
                    + "the next migration");
        });
        long id = m.jobs.insertJob(schema.id(), version, program, (int) m.databases.countChildren(schema.id()),
                m.clock.instant(), sentBy, rollout);
        m.events.jobStarted(id);
        try (MDC.MDCCloseable j = MDC.putCloseable("job", Long.toString(id))) {
            log.info("migration job {} of {} started ({}, sent by {})", id, schema.name(), rollout.mode().wireName(),
                    sentBy);
        }
        return m.jobs.job(id).orElseThrow();
    }

    private static String describe(JobStatus status) {
        return switch (status) {
            case Paused -> "paused";
            case WaitingPromote -> "waiting for its promote (its first wave is migrated)";
            default -> "running";
        };
    }

    private JobControl control(long jobId) {
        return controls.computeIfAbsent(jobId, id -> new JobControl());
    }

    /** A job with no request waiting for it, from {@code from} to its end, the schema database last. */
    private void drive(DatabaseRecord schema, JobRun run, JobStatus from, boolean dryRunSchema) {
        MDC.put("job", Long.toString(run.jobId()));
        try {
            finishWithParent(run, run.children(from, dryRunSchema));
        } catch (RuntimeException e) {
            abandon(run.jobId(), e, run.lock());
        } finally {
            MDC.remove("job");
        }
    }

    /** The schema database last, from the program (no request is left to commit it), and the job's end. */
    private void finishWithParent(JobRun run, JobRun.Children children) {
        try {
            TaskOutcome parent = m.applyWithRetries(run.task(), run.schemaId(), run.schemaName());
            if (parent.status() != TaskStatus.Success) {
                m.finishJob(run.jobId(), JobStatus.RunFailure, parent.error().map(e -> "every child is migrated, "
                        + "but the schema database failed: " + e), 0);
            } else {
                finishApplied(run, children);
            }
        } finally {
            m.blocks.releaseJob(run.jobId());
            controls.remove(run.jobId());
            run.lock().release();
        }
    }

    private void finishApplied(JobRun run, JobRun.Children children) {
        if (children == JobRun.Children.NEEDS_ATTENTION) {
            m.finishJob(run.jobId(), JobStatus.NeedsAttention, Optional.of(run.needsAttention()), run.failedCount());
        } else {
            m.finishJob(run.jobId(), JobStatus.RunSuccess, Optional.empty(), 0);
        }
    }

    private Completion completion(JobRun run, JobRun.Children children) {
        return new Completion() {
            @Override
            public void parentCommitted() {
                try {
                    finishApplied(run, children);
                } finally {
                    released(run);
                }
            }

            @Override
            public void parentFailed(RuntimeException cause) {
                try {
                    m.finishJob(run.jobId(), JobStatus.RunFailure, Optional.of("every child is migrated, but the "
                            + "schema database failed to commit: " + cause.getMessage()), 0);
                } finally {
                    released(run);
                }
            }
        };
    }

    private void released(JobRun run) {
        controls.remove(run.jobId());
        run.lock().release();
    }

    /**
     * A job that stopped on something other than its own outcome (the catalog failing, a bug) ends
     * now, its children unblocked, rather than keeping them write-blocked until the next start.
     * Shutdown is the exception: the job stays unfinished and the next start resumes it.
     */
    private void abandon(long jobId, RuntimeException cause, FamilyLocks.Held lock) {
        try {
            if (jobId == 0 || cause instanceof ShoalException se && se.code() == ErrorCode.SHUTTING_DOWN) {
                return;
            }
            Optional<MigrationJob> job = m.jobs.job(jobId).filter(j -> !j.status().finished());
            if (job.isEmpty()) {
                return; // it ended with its outcome already
            }
            log.error("migration job {} stopped: {}", jobId, cause.toString(), cause);
            m.blocks.releaseJob(jobId);
            boolean applying = job.get().status() != JobStatus.WaitingDryRun;
            m.finishJob(jobId, applying ? JobStatus.RunFailure : JobStatus.DryRunFailure, Optional.of("the job stopped "
                    + (applying ? "while applying (children migrated so far stay migrated; the schema database was not "
                    + "changed)" : "during its dry runs (nothing was changed)") + ": " + cause.getMessage()), 0);
        } finally {
            controls.remove(jobId);
            lock.release();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Control

    /** Pauses a running job: no new task starts; the tasks in flight finish. Answers once it is paused. */
    public MigrationJob pause(DatabaseRecord schema, long jobId) {
        MigrationJob job = job(schema, jobId);
        if (job.status() == JobStatus.WaitingPromote) {
            throw invalid("job " + jobId + " is waiting for its promote: promote or cancel it");
        }
        running(job, "paused").requestPause();
        return awaitStatus(jobId, s -> s == JobStatus.Paused || s.finished());
    }

    /** Resumes a paused job. */
    public MigrationJob resume(DatabaseRecord schema, long jobId) {
        MigrationJob job = job(schema, jobId);
        if (!running(job, "resumed").resume()) {
            throw invalid("job " + jobId + " is not paused (it is " + job.status() + ")");
        }
        return awaitStatus(jobId, s -> s != JobStatus.Paused);
    }

    /**
     * Cancels a job that has not ended: before its children are applied to, nothing changes; while
     * they are, no new task starts and the children migrated stay so. Answers once it has ended.
     */
    public MigrationJob cancel(DatabaseRecord schema, long jobId) {
        running(job(schema, jobId), "cancelled").requestCancel();
        return awaitStatus(jobId, JobStatus::finished);
    }

    /** Lets the rest of a staged job follow its first wave. */
    public MigrationJob promote(DatabaseRecord schema, long jobId) {
        MigrationJob job = job(schema, jobId);
        if (job.rollout().firstWave().isEmpty()) {
            throw invalid("job " + jobId + " is not staged: it has no first wave to promote from");
        }
        if (job.status() != JobStatus.WaitingPromote) {
            throw invalid("job " + jobId + " is " + job.status() + ": only a job waiting after its first wave "
                    + "(WaitingPromote) can be promoted");
        }
        running(job, "promoted").promote();
        return awaitStatus(jobId, s -> s != JobStatus.WaitingPromote);
    }

    private MigrationJob job(DatabaseRecord schema, long jobId) {
        return m.jobs.job(jobId).filter(j -> j.schemaId().equals(schema.id())).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "couldn't find requested migration job"));
    }

    private JobControl running(MigrationJob job, String verb) {
        JobControl c = job.status().finished() ? null : controls.get(job.id());
        if (c == null) {
            throw invalid("job " + job.id() + " has ended (" + m.jobs.job(job.id()).map(j -> j.status().name())
                    .orElse("?") + "): only a running job can be " + verb);
        }
        return c;
    }

    private static ShoalException invalid(String message) {
        return new ShoalException(ErrorCode.INVALID_REQUEST, message);
    }

    private MigrationJob awaitStatus(long jobId, java.util.function.Predicate<JobStatus> reached) {
        long deadline = System.nanoTime() + CONTROL_ANSWER_WAIT.toNanos();
        MigrationJob job = m.jobs.job(jobId).orElseThrow();
        while (!reached.test(job.status()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = m.jobs.job(jobId).orElseThrow();
        }
        return job;
    }

    /**
     * Retries a job that ended with children left on the old version ({@code RunFailure},
     * {@code Cancelled}, {@code NeedsAttention}): its remaining children are dry-run again (a strict
     * job's refuse writes from then on) and applied, then the schema database, as a resumed job
     * would. Children already migrated are left alone (their version says so). Returns at once; the
     * job goes on on a job thread. Refused unless the job is the schema database's newest and the
     * schema database is still at the version the job starts from (or, after NeedsAttention, at its
     * version).
     */
    public MigrationJob retry(DatabaseRecord schema, long jobId) {
        MigrationJob job = job(schema, jobId);
        if (!job.status().retryable()) {
            throw invalid("only a job that ended with children left to migrate (RunFailure, Cancelled, "
                    + "NeedsAttention) can be retried; job " + jobId + " is " + job.status());
        }
        FamilyLocks.Held lock = m.locks.forJob(schema.id(), schema.name());
        try {
            long newest = m.jobs.jobs(schema.id()).get(0).id();
            long at = m.versionOf(schema);
            long expected = job.status().parentApplied() ? job.version() : job.version() - 1;
            if (newest != jobId || at != expected) {
                throw invalid("job " + jobId + " can no longer be retried: " + (newest != jobId ? "job " + newest
                        + " came after it" : "the schema database is at version " + at + ", the job expects "
                        + expected));
            }
            m.jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
            JobRun run = new JobRun(m, job, schema, control(jobId), lock);
            m.events.jobStarted(jobId);
            log.info("migration job {} of {} is retried", jobId, schema.name());
            jobThreads.submit(() -> drive(schema, run, JobStatus.WaitingRun, false));
            return m.jobs.job(jobId).orElseThrow();
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Restart

    /**
     * At start: every job a crash interrupted is finished. Before this returns (so before the server
     * serves requests) each such job holds its family's lock, so no child is born in between, and a
     * strict job's children refuse writes; the jobs then finish on a background thread. A job stopped
     * during its dry runs is dry-run again, the schema database included (nothing was applied
     * anywhere); one stopped while applying goes on with its remaining children; a paused job stays
     * paused, and a staged job waiting for its promote keeps waiting (its soak counts on). Every
     * database's version decides whether it still needs the migration, in the same transaction that
     * applies it, so nothing is applied twice.
     */
    public void resumeUnfinished() {
        List<Runnable> resumes = new ArrayList<>();
        for (MigrationJob job : m.jobs.unfinishedJobs()) {
            Optional<DatabaseRecord> schema = m.databases.findDatabase(job.schemaId());
            if (schema.isEmpty()) {
                m.finishJob(job.id(), JobStatus.RunFailure, Optional.of("the schema database was deleted"), 0);
                continue;
            }
            FamilyLocks.Held lock = m.locks.forJob(schema.get().id(), schema.get().name());
            JobControl control = control(job.id());
            boolean waiting = job.status() == JobStatus.Paused || job.status() == JobStatus.WaitingPromote;
            if (job.status() == JobStatus.Paused) {
                control.requestPause();
            } else if (!waiting && job.rollout().mode() == dev.shoal.core.db.MigrationMode.STRICT) {
                blockChildren(job, schema.get());
            }
            JobRun run = new JobRun(m, job, schema.get(), control, lock);
            log.info("resuming migration job {} of {} ({} children, {})", job.id(), schema.get().name(),
                    job.children(), job.status());
            m.events.jobStarted(job.id());
            boolean dryRuns = job.status() == JobStatus.WaitingDryRun || job.status() == JobStatus.DryRunSuccess;
            Runnable resume = () -> drive(schema.get(), run, job.status(), dryRuns);
            if (waiting) {
                jobThreads.submit(resume); // it waits for its control call; the others must not wait behind it
            } else {
                resumes.add(resume);
            }
        }
        if (!resumes.isEmpty()) {
            jobThreads.submit(() -> resumes.forEach(Runnable::run));
        }
    }

    /**
     * The children of the family refuse writes until the resumed job has run on them. The family's
     * lock was held from the job's start, and is again from this start, so its children now are the
     * job's children (less any deleted).
     */
    private void blockChildren(MigrationJob job, DatabaseRecord schema) {
        PagedPhase.Pages<DatabaseRecord> pages = PagedPhase.children(m.databases, schema);
        for (List<DatabaseRecord> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            page.forEach(c -> m.blocks.block(c.id(), job.id()));
        }
    }

    @Override
    public void close() {
        jobThreads.shutdownNow();
        workers.shutdownNow();
    }
}
