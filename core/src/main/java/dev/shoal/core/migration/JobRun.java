package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.MigrationMode;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's way through its children, from wherever it stands: the dry runs, a staged job's
 * first wave and its wait for the promote, the rest, with pauses and a cancel honoured between
 * tasks. It ends in one of two ways: every child that can be is migrated ({@link #children}
 * returns, and the schema database comes last), or the job is over — its end recorded, its
 * children unblocked — and {@link #children} throws the job's error.
 *
 * <p>Strict jobs write-block each child from its dry run to its run, and a job that stopped
 * (paused, waiting for its promote) dry-runs its remaining children again before applying to
 * them, blocked from then on. Online jobs block nobody: each child's dry run and apply hold only
 * its own write lock, for their own transactions.
 */
final class JobRun {
    private static final Logger log = LoggerFactory.getLogger(JobRun.class);

    /** How the children ended when the job goes on to its schema database. */
    enum Children { MIGRATED, NEEDS_ATTENTION }

    private final JobMachinery m;
    private final long jobId;
    private final DatabaseRecord schema;
    private final ChildTask task;
    private final Rollout rollout;
    private final JobControl control;
    private volatile FamilyLocks.Held lock;
    private boolean waveDone;
    private Optional<Instant> waveDoneAt;
    private Set<UUID> wave;

    JobRun(JobMachinery m, MigrationJob job, DatabaseRecord schema, JobControl control, FamilyLocks.Held lock) {
        this.m = m;
        this.jobId = job.id();
        this.schema = schema;
        this.task = new ChildTask(m.sql, job.program(), job.version());
        this.rollout = job.rollout();
        this.control = control;
        this.lock = lock;
        this.waveDoneAt = job.waveDoneAt();
        this.waveDone = waveDoneAt.isPresent();
    }

    long jobId() {
        return jobId;
    }

    java.util.UUID schemaId() {
        return schema.id();
    }

    String schemaName() {
        return schema.name();
    }

    ChildTask task() {
        return task;
    }

    /** The family lock the job holds now (it lets go of it while paused or waiting for its promote). */
    FamilyLocks.Held lock() {
        return lock;
    }

    private boolean strict() {
        return rollout.mode() == MigrationMode.STRICT;
    }

    /**
     * Takes the job through its children.
     *
     * @param from       where the job stands: {@code WaitingDryRun} (from the start), {@code Paused},
     *                   {@code WaitingPromote}, or anything else (its remaining children)
     * @param dryRunSchema whether the schema database is dry-run after the children's dry runs (a job
     *                   resumed after a crash: no request holds its transaction any more)
     */
    Children children(JobStatus from, boolean dryRunSchema) {
        boolean dryRan = false;
        if (from == JobStatus.WaitingDryRun || from == JobStatus.DryRunSuccess) {
            dryRunAll(dryRunSchema);
            dryRan = true;
        } else if (from == JobStatus.WaitingPromote) {
            awaitPromote();
        }
        while (true) {
            if (control.pauseRequested()) {
                pause();
                dryRan = false;
            }
            boolean inWave = rollout.staged() && !waveDone;
            if (strict() && !dryRan) {
                dryRunRemaining(inWave);
            }
            dryRan = false;
            m.jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
            long started = System.nanoTime();
            PagedPhase.Tally<TaskOutcome> run = apply(inWave);
            log.info("migration job {} of {}: applying to {} children{} took {} ms ({} failed)", jobId, schema.name(),
                    run.total(), inWave ? " of its first wave" : "", (System.nanoTime() - started) / 1_000_000,
                    run.failed());
            if (control.cancelRequested()) {
                throw end(JobStatus.Cancelled, cancelled(), 0);
            }
            if (control.pauseRequested()) {
                continue;
            }
            if (inWave) {
                if (run.failed() > 0) {
                    throw end(JobStatus.RunFailure, waveFailure(run), run.failed());
                }
                waveDone = true;
                waveDoneAt = Optional.of(m.clock.instant());
                m.jobs.markWaveDone(jobId, waveDoneAt.get());
                log.info("migration job {} of {}: its first wave ({} children) is migrated", jobId, schema.name(),
                        run.total());
                awaitPromote();
                continue;
            }
            if (run.failed() > 0 && strict()) {
                throw end(JobStatus.RunFailure, runFailure(run), run.failed());
            }
            return run.failed() > 0 ? Children.NEEDS_ATTENTION : Children.MIGRATED;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Dry runs

    /** The dry run of every child; on a failure or a cancel the job ends with nothing changed. */
    private void dryRunAll(boolean dryRunSchema) {
        long started = System.nanoTime();
        PagedPhase.Tally<TaskOutcome> dry = dryRun(PagedPhase.children(m.databases, schema));
        log.info("migration job {} of {}: dry runs of {} children took {} ms ({} failed)", jobId, schema.name(),
                dry.total(), (System.nanoTime() - started) / 1_000_000, dry.failed());
        if (control.cancelRequested()) {
            throw end(JobStatus.Cancelled, cancelled(), 0);
        }
        if (dry.failed() > 0) {
            throw end(JobStatus.DryRunFailure, "migration dry run failed on database "
                    + dry.firstFailure().orElseThrow().databaseName() + ": " + dry.firstFailure().get().error()
                    .orElse(""), dry.failed());
        }
        if (dryRunSchema && !control.stopping()) {
            try {
                task.dryRun(schema.id());
            } catch (ShoalException e) {
                throw end(JobStatus.DryRunFailure, "migration dry run failed on database " + schema.name() + ": "
                        + e.getMessage(), 1);
            }
        }
        m.jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
    }

    /**
     * A strict job that stopped dry-runs what is left before it applies again (the children were
     * writable meanwhile), each blocked from its dry run on. A failure ends it: nothing more changes.
     */
    private void dryRunRemaining(boolean inWave) {
        PagedPhase.Pages<DatabaseRecord> children = PagedPhase.children(m.databases, schema);
        PagedPhase.Tally<TaskOutcome> dry = dryRun(inWave ? children.filter(inWave()) : children);
        if (control.cancelRequested()) {
            throw end(JobStatus.Cancelled, cancelled(), 0);
        }
        if (dry.failed() > 0) {
            TaskOutcome first = dry.firstFailure().orElseThrow();
            int migrated = migratedCount();
            boolean applied = waveDone || migrated > 0;
            throw end(applied ? JobStatus.RunFailure : JobStatus.DryRunFailure, "migration dry run failed on "
                    + "database " + first.databaseName() + ": " + first.error().orElse("") + (applied
                    ? " (" + migrated + " children are migrated; the others and the schema database were not "
                    + "changed)" : ""), dry.failed());
        }
    }

    private PagedPhase.Tally<TaskOutcome> dryRun(PagedPhase.Pages<DatabaseRecord> children) {
        Function<DatabaseRecord, TaskOutcome> failed = c -> JobMachinery.internalError(c.id(), c.name(),
                TaskStatus.DryRunFailure);
        return PagedPhase.tasks(m.workers, page -> m.record(jobId, page)).run(children,
                m.observed(jobId, DatabaseRecord::name, this::dryRun, failed), failed, control::stopping);
    }

    /** A strict job's child refuses writes from its dry run until its run (or the job's end). */
    private TaskOutcome dryRun(DatabaseRecord child) {
        if (control.stopping()) {
            return TaskOutcome.notRun(child.id(), child.name(), TaskStatus.Enqueued);
        }
        if (strict()) {
            m.blocks.block(child.id(), jobId);
        }
        long since = JobMachinery.epochMicros();
        TaskOutcome dry = task.jobDryRunOutcome(child.id(), child.name(), JobMachinery.DELETED);
        if (dry.status() == TaskStatus.Success) {
            m.blocks.release(child.id()); // migrated already
            return dry;
        }
        boolean blocked = strict() && !dry.error().equals(Optional.of(JobMachinery.DELETED));
        return blocked ? dry.blockedSince(since) : dry;
    }

    // ---------------------------------------------------------------------------------------
    // Runs

    /**
     * Applies to the children still due: a strict job to those its dry runs passed (as recorded),
     * an online job to every child of the family not yet migrated (its version decides).
     */
    private PagedPhase.Tally<TaskOutcome> apply(boolean inWave) {
        PagedPhase<TaskOutcome> phase = PagedPhase.tasks(m.workers, page -> m.record(jobId, page));
        if (strict()) {
            PagedPhase.Pages<TaskOutcome> due = m.taskPages(jobId).filter(t -> t.status() == TaskStatus.DryRunSuccess
                    && (!inWave || wave().contains(t.databaseId())));
            Function<TaskOutcome, TaskOutcome> failed = t -> JobMachinery.internalError(t.databaseId(),
                    t.databaseName(), TaskStatus.Failure);
            return phase.run(due, m.observed(jobId, TaskOutcome::databaseName, t -> applyBlocked(t, inWave), failed),
                    failed, control::stopping);
        }
        PagedPhase.Pages<DatabaseRecord> children = PagedPhase.children(m.databases, schema);
        Function<DatabaseRecord, TaskOutcome> failed = c -> JobMachinery.internalError(c.id(), c.name(),
                TaskStatus.Failure);
        return phase.run(inWave ? children.filter(inWave()) : children, m.observed(jobId, DatabaseRecord::name,
                c -> applyOnline(c, inWave), failed), failed, control::stopping);
    }

    /** A strict job's child: applied, then unblocked; its window runs from its dry run. */
    private TaskOutcome applyBlocked(TaskOutcome dryRun, boolean inWave) {
        if (control.stopping()) {
            return TaskOutcome.notRun(dryRun.databaseId(), dryRun.databaseName(), TaskStatus.DryRunSuccess);
        }
        TaskOutcome outcome = m.applyWithRetries(task, dryRun.databaseId(), dryRun.databaseName());
        m.blocks.release(dryRun.databaseId());
        return halting(outcome.blockedSince(dryRun.blockedSinceMicros()).blockedUntil(JobMachinery.epochMicros()),
                inWave);
    }

    /** An online job's child: its writes wait only while the apply transaction holds its write lock. */
    private TaskOutcome applyOnline(DatabaseRecord child, boolean inWave) {
        if (control.stopping()) {
            return TaskOutcome.notRun(child.id(), child.name(), TaskStatus.DryRunSuccess);
        }
        return halting(m.applyWithRetries(task, child.id(), child.name()), inWave);
    }

    /** A first-wave failure halts the job: no other child is touched. */
    private TaskOutcome halting(TaskOutcome outcome, boolean inWave) {
        if (inWave && outcome.failed()) {
            control.halt();
        }
        return outcome;
    }

    // ---------------------------------------------------------------------------------------
    // Waits: paused, and a staged job between its first wave and its promote

    /** Lets go of the family and its children's writes until resumed; a cancel meanwhile ends the job. */
    private void pause() {
        m.blocks.releaseJob(jobId);
        m.jobs.updateJobStatus(jobId, JobStatus.Paused);
        lock.release();
        log.info("migration job {} of {} is paused", jobId, schema.name());
        JobControl.Wake wake = await(control::awaitResume);
        if (wake == JobControl.Wake.CANCELLED) {
            throw end(JobStatus.Cancelled, cancelled(), 0);
        }
        lock = m.locks.forJob(schema.id(), schema.name());
        m.jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
        log.info("migration job {} of {} is resumed", jobId, schema.name());
    }

    /**
     * Between the first wave and the rest: the family is free (children are born, on the old
     * version, and migrated with the rest; no other migration starts while this job is unfinished)
     * and no child refuses writes. A promote, or the end of the soak time, lets the rest follow.
     */
    private void awaitPromote() {
        m.blocks.releaseJob(jobId);
        m.jobs.updateJobStatus(jobId, JobStatus.WaitingPromote);
        lock.release();
        Optional<Instant> until = rollout.soak().flatMap(s -> waveDoneAt.map(at -> at.plus(s)));
        JobControl.Wake wake = await(() -> control.awaitPromote(until));
        if (wake == JobControl.Wake.CANCELLED) {
            throw end(JobStatus.Cancelled, cancelled(), 0);
        }
        lock = m.locks.forJob(schema.id(), schema.name());
        m.jobs.updateJobStatus(jobId, JobStatus.WaitingRun);
        log.info("migration job {} of {}: {}; the rest follow", jobId, schema.name(),
                wake == JobControl.Wake.SOAKED ? "its soak time is over" : "promoted");
    }

    private interface Wait {
        JobControl.Wake await() throws InterruptedException;
    }

    private static JobControl.Wake await(Wait wait) {
        try {
            return wait.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The first wave

    private Predicate<DatabaseRecord> inWave() {
        Set<UUID> ids = wave();
        return c -> ids.contains(c.id());
    }

    /** The first wave's children: those named, or a stable spread of the given percentage of the family. */
    private Set<UUID> wave() {
        if (wave != null) {
            return wave;
        }
        Rollout.FirstWave w = rollout.firstWave().orElseThrow();
        Set<UUID> ids = new HashSet<>();
        if (!w.databases().isEmpty()) {
            for (String name : w.databases()) {
                m.databases.findDatabase(schema.organization(), name)
                        .filter(d -> d.parentId().equals(Optional.of(schema.id()))).ifPresent(d -> ids.add(d.id()));
            }
            return wave = ids;
        }
        int size = w.size((int) m.databases.countChildren(schema.id()));
        PriorityQueue<Spread> smallest = new PriorityQueue<>((a, b) -> Long.compareUnsigned(b.key(), a.key()));
        PagedPhase.Pages<DatabaseRecord> pages = PagedPhase.children(m.databases, schema);
        for (List<DatabaseRecord> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            for (DatabaseRecord c : page) {
                smallest.add(new Spread(spread(c.id()), c.id()));
                if (smallest.size() > size) {
                    smallest.poll();
                }
            }
        }
        smallest.forEach(e -> ids.add(e.id()));
        return wave = ids;
    }

    /** A child and its place in the stable spread: the wave is the {@code size} smallest keys. */
    private record Spread(long key, UUID id) {}

    /** A well-mixed key of the child's id (SplitMix64's finaliser), the same for the job wherever it runs. */
    private long spread(UUID id) {
        long z = id.getMostSignificantBits() ^ Long.rotateLeft(id.getLeastSignificantBits(), 17) ^ jobId;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------------------------------
    // Ends

    /** Records the job's end, unblocks its children, lets go of the family, and returns its error to throw. */
    ShoalException end(JobStatus status, String error, int failed) {
        m.blocks.releaseJob(jobId);
        m.finishJob(jobId, status, Optional.of(error), failed);
        lock.release();
        log.info("migration job {} of {} ended {}: {}", jobId, schema.name(), status, error);
        return new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, status == JobStatus.Cancelled
                ? "migration job " + jobId + " of " + schema.name() + " was " + error : error);
    }

    private int migratedCount() {
        JobProgress p = m.jobs.progress(jobId);
        return p.run() - p.runFailed();
    }

    private String cancelled() {
        int migrated = migratedCount();
        return migrated == 0 ? "cancelled before anything was applied: nothing was changed"
                : "cancelled while applying: " + migrated + " children are migrated and stay so; the others and the "
                + "schema database were not changed (retry finishes the job)";
    }

    private String waveFailure(PagedPhase.Tally<TaskOutcome> run) {
        TaskOutcome first = run.firstFailure().orElseThrow();
        return "the first wave failed on database " + first.databaseName() + ": " + first.error().orElse("")
                + " (the job halted: " + migratedCount() + " first-wave children are migrated; the other children and "
                + "the schema database were not touched)";
    }

    private String runFailure(PagedPhase.Tally<TaskOutcome> run) {
        TaskOutcome first = run.firstFailure().orElseThrow();
        return "migration failed on database " + first.databaseName() + " after every dry run passed: "
                + first.error().orElse("") + " (" + migratedCount() + " of " + m.jobs.job(jobId).map(
                MigrationJob::children).orElse(run.total()) + " children are migrated; the schema database was not "
                + "changed)";
    }

    /** An online job whose children changed under it: what the job's error says once the schema database is done. */
    String needsAttention() {
        List<TaskOutcome> failed = m.jobs.failedTasks(jobId, 5);
        StringBuilder names = new StringBuilder();
        for (TaskOutcome t : failed) {
            names.append(names.isEmpty() ? "" : "; ").append(t.databaseName()).append(": ").append(t.error().orElse(""));
        }
        JobProgress p = m.jobs.progress(jobId);
        return p.runFailed() + " children changed after their dry run and failed every attempt, and stay on the old "
                + "version (" + names + (p.runFailed() > failed.size() ? "; …" : "") + "); everything else, the "
                + "schema database included, is migrated: fix them and retry the job";
    }

    int failedCount() {
        return m.jobs.progress(jobId).runFailed();
    }
}
