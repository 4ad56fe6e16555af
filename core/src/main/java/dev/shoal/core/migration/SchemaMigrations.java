package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseKind;
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
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs migration jobs: a write committed on a schema database is dry-run on every child (in
 * parallel, on the live databases, rolled back), and only if every dry run passed is it applied to
 * every child, each in its own transaction that also moves the child's version, and finally
 * committed on the schema database itself. Children are write-blocked from before their dry run
 * until their run. Jobs of different schemas run in parallel on one pool of workers; one job per
 * schema at a time (the family lock).
 */
public final class SchemaMigrations implements SchemaCommits, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    static final int APPLY_ATTEMPTS = 3;

    private final DatabaseCatalog databases;
    private final MigrationCatalog jobs;
    private final SqlDatabases sql;
    private final WriteBlocks blocks;
    private final FamilyLocks locks;
    private final Clock clock;
    private final ExecutorService workers;
    private final ExecutorService jobThreads;
    private final java.time.Duration answerWait;

    /**
     * @param workerThreads how many children are dry-run or migrated at once, for all jobs together
     * @param answerWait    how long the request that sent a migration waits for it before it is answered
     *                      with the job's id (the job goes on)
     */
    public SchemaMigrations(DatabaseCatalog databases, MigrationCatalog jobs, SqlDatabases sql, WriteBlocks blocks,
            FamilyLocks locks, Clock clock, int workerThreads, java.time.Duration answerWait) {
        this.answerWait = answerWait;
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
            List<DatabaseRecord> children = children(schema);
            long jobId = jobs.insertJob(schema.id(), version, program, children.size(), clock.instant());
            job.id = jobId;
            children.forEach(c -> blocks.block(c.id(), jobId));
            long blockedAt = System.nanoTime();
            ChildTask task = new ChildTask(sql, program, version);
            Optional<String> dryError = dryRunPhase(jobId, task, children, children.size());
            long dryRanAt = System.nanoTime();
            log.info("migration job {} of {}: dry run on {} children took {} ms{}", jobId, schema.name(),
                    children.size(), (dryRanAt - blockedAt) / 1_000_000, dryError.map(e -> ": " + e).orElse(""));
            if (dryError.isPresent()) {
                children.forEach(c -> blocks.release(c.id()));
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, dryError.get());
            }
            Phase run = applyPhase(jobId, task, children, blockedAt);
            log.info("migration job {} of {}: applying to {} children took {} ms{}", jobId, schema.name(),
                    children.size(), (System.nanoTime() - dryRanAt) / 1_000_000, run.error().map(e -> ": " + e).orElse(""));
            if (run.error().isPresent()) {
                throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, run.error().get());
            }
            if (job.childrenDone()) {
                return completion(jobId, run.outcomes(), lock); // the request commits the schema database, last
            }
            finishWithParent(jobId, task, schema, blockedAt, run.outcomes()); // the request gave up waiting
            lock.release();
            return null;
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** What one phase of a job did to each database, and the job's error if it failed there. */
    private record Phase(List<TaskOutcome> outcomes, Optional<String> error) {}

    /**
     * Dry-runs on every target; on a failure the job ends as DryRunFailure (outcomes recorded for the
     * first {@code recorded} targets, the children) and its error is returned.
     */
    private Optional<String> dryRunPhase(long jobId, ChildTask task, List<DatabaseRecord> targets, int recorded) {
        List<TaskOutcome> dry = parallel(targets, c -> dryRun(task, c));
        Optional<TaskOutcome> failure = dry.stream().filter(t -> t.status() == TaskStatus.DryRunFailure).findFirst();
        if (failure.isEmpty()) {
            jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
            return Optional.empty();
        }
        String error = "migration dry run failed on database " + failure.get().databaseName() + ": "
                + failure.get().error().orElse("");
        jobs.finishJob(jobId, JobStatus.DryRunFailure, Optional.of(error), clock.instant(), dry.subList(0, recorded));
        return Optional.of(error);
    }

    /** Applies to every child (in reverse: the ones dry-run last still have open handles); a failure ends the job. */
    private Phase applyPhase(long jobId, ChildTask task, List<DatabaseRecord> children, long blockedAt) {
        List<TaskOutcome> run = parallel(children.reversed(), c -> apply(task, c, blockedAt));
        List<TaskOutcome> failed = run.stream().filter(t -> t.status() == TaskStatus.Failure).toList();
        if (failed.isEmpty()) {
            return new Phase(run, Optional.empty());
        }
        String error = "migration failed on database " + failed.get(0).databaseName() + " after every dry run "
                + "passed: " + failed.get(0).error().orElse("") + " (" + (run.size() - failed.size()) + " of "
                + run.size() + " children are migrated; the schema database was not changed)";
        jobs.finishJob(jobId, JobStatus.RunFailure, Optional.of(error), clock.instant(), run);
        return new Phase(run, Optional.of(error));
    }

    /** The schema database last, from the program (no request is left to commit it), and the job's end. */
    private void finishWithParent(long jobId, ChildTask task, DatabaseRecord schema, long blockedAt,
            List<TaskOutcome> run) {
        TaskOutcome parent = apply(task, schema, blockedAt);
        jobs.finishJob(jobId, parent.status() == TaskStatus.Success ? JobStatus.RunSuccess : JobStatus.RunFailure,
                parent.error().map(e -> "every child is migrated, but the schema database failed: " + e),
                clock.instant(), run);
    }

    /**
     * At start: every job a crash interrupted is finished. The children of those jobs refuse writes
     * before this returns (so nothing slips in before the server serves requests); the jobs then
     * finish on a background thread. A job stopped during its dry runs is dry-run again, the schema
     * database included (nothing was applied anywhere); one stopped while applying goes on
     * applying. Every database's version decides whether it still needs the migration, in the same
     * transaction that applies it, so nothing is applied twice.
     */
    public void resumeUnfinished() {
        List<MigrationJob> unfinished = jobs.unfinishedJobs();
        List<Runnable> resumes = new ArrayList<>();
        for (MigrationJob job : unfinished) {
            Optional<DatabaseRecord> schema = databases.findDatabase(job.schemaId());
            if (schema.isEmpty()) {
                jobs.finishJob(job.id(), JobStatus.RunFailure, Optional.of("the schema database was deleted"),
                        clock.instant(), List.of());
                continue;
            }
            List<DatabaseRecord> children = children(schema.get());
            children.forEach(c -> blocks.block(c.id(), job.id()));
            long blockedAt = System.nanoTime();
            resumes.add(() -> resume(schema.get(), job, children, blockedAt));
        }
        if (!resumes.isEmpty()) {
            Thread t = new Thread(() -> resumes.forEach(Runnable::run), "shoal-migration-resume");
            t.setDaemon(true);
            t.start();
        }
    }

    private void resume(DatabaseRecord schema, MigrationJob job, List<DatabaseRecord> children, long blockedAt) {
        FamilyLocks.Held lock = locks.forJob(schema.id(), schema.name());
        try {
            log.info("resuming migration job {} of {} ({} children, {})", job.id(), schema.name(), children.size(),
                    job.status());
            ChildTask task = new ChildTask(sql, job.program(), job.version());
            if (job.status() == JobStatus.WaitingDryRun || job.status() == JobStatus.DryRunSuccess) {
                List<DatabaseRecord> all = new ArrayList<>(children);
                all.add(schema); // nothing was applied anywhere: the schema database is dry-run too
                if (dryRunPhase(job.id(), task, all, children.size()).isPresent()) {
                    return;
                }
            }
            Phase run = applyPhase(job.id(), task, children, blockedAt);
            if (run.error().isEmpty()) {
                finishWithParent(job.id(), task, schema, blockedAt, run.outcomes());
            }
        } catch (RuntimeException e) {
            log.error("resuming migration job {} failed; it stays unfinished and is resumed at the next start",
                    job.id(), e);
        } finally {
            children.forEach(c -> blocks.release(c.id()));
            lock.release();
        }
    }

    private Completion completion(long jobId, List<TaskOutcome> run, FamilyLocks.Held lock) {
        return new Completion() {
            @Override
            public void parentCommitted() {
                try {
                    jobs.finishJob(jobId, JobStatus.RunSuccess, Optional.empty(), clock.instant(), run);
                } finally {
                    lock.release();
                }
            }

            @Override
            public void parentFailed(RuntimeException cause) {
                try {
                    jobs.finishJob(jobId, JobStatus.RunFailure, Optional.of("every child is migrated, but the schema "
                            + "database failed to commit: " + cause.getMessage()), clock.instant(), run);
                } finally {
                    lock.release();
                }
            }
        };
    }

    private TaskOutcome dryRun(ChildTask task, DatabaseRecord child) {
        try {
            task.dryRun(child.id());
            return new TaskOutcome(child.id(), child.name(), TaskStatus.DryRunSuccess, Optional.empty(), 1);
        } catch (ShoalException e) {
            if (e.code() == ErrorCode.NOT_FOUND) { // deleted meanwhile: nothing to migrate, nothing to fail
                return new TaskOutcome(child.id(), child.name(), TaskStatus.DryRunSuccess,
                        Optional.of("deleted during the job"), 1);
            }
            return new TaskOutcome(child.id(), child.name(), TaskStatus.DryRunFailure, Optional.of(e.getMessage()), 1);
        }
    }

    /** Applies with a bounded number of attempts and backoff; the child is unblocked once it is done. */
    private TaskOutcome apply(ChildTask task, DatabaseRecord child, long blockedAtNanos) {
        TaskOutcome outcome = applyWithRetries(task, child);
        blocks.release(child.id());
        return outcome.blockedFor((System.nanoTime() - blockedAtNanos) / 1000);
    }

    private TaskOutcome applyWithRetries(ChildTask task, DatabaseRecord child) {
        ShoalException last = null;
        for (int attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
            try {
                task.apply(child.id(), child.name());
                return new TaskOutcome(child.id(), child.name(), TaskStatus.Success, Optional.empty(), attempt);
            } catch (ShoalException e) {
                last = e;
                if (e.code() == ErrorCode.NOT_FOUND) { // deleted meanwhile: nothing left to migrate
                    return new TaskOutcome(child.id(), child.name(), TaskStatus.Success,
                            Optional.of("deleted during the job"), attempt);
                }
                sleep(50L << (2 * (attempt - 1)));
            }
        }
        return new TaskOutcome(child.id(), child.name(), TaskStatus.Failure, Optional.of(last.getMessage()),
                APPLY_ATTEMPTS);
    }

    private List<TaskOutcome> parallel(List<DatabaseRecord> children, Function<DatabaseRecord, TaskOutcome> work) {
        List<Future<TaskOutcome>> futures = new ArrayList<>(children.size());
        for (DatabaseRecord c : children) {
            futures.add(workers.submit(() -> work.apply(c)));
        }
        List<TaskOutcome> out = new ArrayList<>(children.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
            } catch (ExecutionException e) {
                DatabaseRecord c = children.get(i);
                log.error("migration task for {} failed unexpectedly", c.name(), e.getCause());
                out.add(new TaskOutcome(c.id(), c.name(), TaskStatus.Failure, Optional.of("internal error"), 1));
            }
        }
        return out;
    }

    /** Every child of a schema database, page by page. */
    List<DatabaseRecord> children(DatabaseRecord schema) {
        List<DatabaseRecord> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            List<DatabaseRecord> page = databases.listDatabases(schema.organization(), new DatabaseQuery(Optional.empty(),
                    Optional.of(schema.id()), Optional.of(DatabaseKind.CHILD), Optional.empty(),
                    DatabaseQuery.MAX_LIMIT, after));
            all.addAll(page.subList(0, Math.min(page.size(), DatabaseQuery.MAX_LIMIT)));
            if (page.size() <= DatabaseQuery.MAX_LIMIT) {
                return all;
            }
            after = Optional.of(page.get(DatabaseQuery.MAX_LIMIT - 1).name());
        }
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
