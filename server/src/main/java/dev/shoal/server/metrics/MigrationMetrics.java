package dev.shoal.server.metrics;

import dev.shoal.core.migration.JobStatus;
import dev.shoal.core.migration.MigrationEvents;
import dev.shoal.core.migration.TaskOutcome;
import dev.shoal.core.migration.TaskStatus;
import dev.shoal.core.migration.WriteBlocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Migration jobs and tasks as Micrometer meters (names and meanings in docs/operations.md). Every
 * meter is registered up front, so a scrape shows zeros before the first job and the hot path is
 * a map lookup. Labels are fixed small sets (phase, outcome, status): never a database or a job.
 */
final class MigrationMetrics implements MigrationEvents {
    private static final Duration[] TASK_BUCKETS = buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10, 30);
    private static final double[] BLOCK_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
        60, 300};

    private final Counter started;
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);
    private final Map<TaskStatus, Counter> tasks = new EnumMap<>(TaskStatus.class);
    private final Map<TaskStatus, Timer> durations = new EnumMap<>(TaskStatus.class);
    private final Counter retries;
    private final DistributionSummary writeBlock;
    /** Jobs started and not yet finished, by id: a job that ends twice (it cannot) would not count twice. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    MigrationMetrics(MeterRegistry registry, WriteBlocks blocks) {
        started = Counter.builder("shoal.migration.jobs.started")
                .description("Migration jobs started (a job resumed after a restart counts again)").register(registry);
        for (JobStatus s : JobStatus.values()) {
            if (s.finished()) {
                finished.put(s, Counter.builder("shoal.migration.jobs.finished").tag("status", s.name())
                        .description("Migration jobs ended, by final status").register(registry));
            }
        }
        for (TaskStatus s : new TaskStatus[] {TaskStatus.DryRunSuccess, TaskStatus.DryRunFailure, TaskStatus.Success,
            TaskStatus.Failure}) {
            tasks.put(s, Counter.builder("shoal.migration.tasks").tag("phase", phase(s)).tag("outcome", outcome(s))
                    .description("Per-child tasks ended, by phase (dry_run, run) and outcome (ok, failed)")
                    .register(registry));
            durations.put(s, Timer.builder("shoal.migration.task.duration").tag("phase", phase(s))
                    .tag("outcome", outcome(s)).serviceLevelObjectives(TASK_BUCKETS)
                    .description("How long one child's dry run or run took (a run includes its retries)")
                    .register(registry));
        }
        retries = Counter.builder("shoal.migration.apply.retries")
                .description("Failed attempts to apply a migration to a database that were tried again")
                .register(registry);
        writeBlock = DistributionSummary.builder("shoal.migration.write.block").baseUnit("seconds")
                .serviceLevelObjectives(BLOCK_BUCKETS)
                .description("How long a job refused one child's writes: from its dry run to the end of its run")
                .register(registry);
        Gauge.builder("shoal.migration.jobs.running", running, Set::size).strongReference(true)
                .description("Migration jobs running now").register(registry);
        Gauge.builder("shoal.migration.write.blocked.databases", blocks, WriteBlocks::blockedCount)
                .strongReference(true).description("Databases refusing writes now because a job is migrating them")
                .register(registry);
    }

    @Override
    public void jobStarted(long jobId) {
        started.increment();
        running.add(jobId);
    }

    @Override
    public void jobFinished(long jobId, JobStatus status) {
        running.remove(jobId);
        Counter c = finished.get(status);
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void taskFinished(long jobId, TaskOutcome outcome, long nanos) {
        Counter c = tasks.get(outcome.status());
        if (c == null) {
            return; // not an end state: nothing to count
        }
        c.increment();
        durations.get(outcome.status()).record(nanos, TimeUnit.NANOSECONDS);
        if (outcome.blockedMicros() > 0) {
            writeBlock.record(outcome.blockedMicros() / 1e6);
        }
    }

    @Override
    public void applyRetried() {
        retries.increment();
    }

    private static String phase(TaskStatus s) {
        return s == TaskStatus.DryRunSuccess || s == TaskStatus.DryRunFailure ? "dry_run" : "run";
    }

    private static String outcome(TaskStatus s) {
        return s == TaskStatus.DryRunSuccess || s == TaskStatus.Success ? "ok" : "failed";
    }

    private static Duration[] buckets(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return out;
    }
}
