package dev.shoal.storage.catalog;

import dev.shoal.core.migration.JobProgress;
import dev.shoal.core.migration.JobStatus;
import dev.shoal.core.migration.MigrationCatalog;
import dev.shoal.core.migration.MigrationJob;
import dev.shoal.core.migration.MigrationProgram;
import dev.shoal.core.migration.Rollout;
import dev.shoal.core.db.MigrationMode;
import dev.shoal.core.migration.TaskOutcome;
import dev.shoal.core.migration.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Migration jobs and tasks in the catalog. */
final class MigrationTable implements MigrationCatalog {
    private static final String COLUMNS = "SELECT id, schema_id, version, status, error, program, created_at, "
            + "finished_at, children, failed, sent_by, mode, first_wave, soak_seconds, wave_done_at FROM migration_jobs ";
    /** The statuses of jobs that have ended, for the catalog's queries. */
    private static final String FINISHED = java.util.Arrays.stream(JobStatus.values()).filter(JobStatus::finished)
            .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    private static final String TASKS = "SELECT database_id, database_name, status, error, attempts, blocked_since, "
            + "blocked_micros FROM migration_tasks ";
    private final CatalogDb db;

    MigrationTable(CatalogDb db) {
        this.db = db;
    }

    @Override
    public long insertJob(UUID schemaId, long version, MigrationProgram program, int children, Instant at,
            String sentBy, Rollout rollout) {
        long[] id = new long[1];
        db.transaction(() -> {
            db.update("INSERT INTO migration_jobs(schema_id, version, status, program, children, created_at, sent_by, "
                    + "mode, first_wave, soak_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", schemaId.toString(),
                    version, JobStatus.WaitingDryRun.name(), ProgramCodec.encode(program), children, at.toString(),
                    sentBy, rollout.mode().name(), rollout.firstWave().map(MigrationTable::encodeWave).orElse(null),
                    rollout.soak().map(java.time.Duration::toSeconds).orElse(null));
            id[0] = db.one("SELECT last_insert_rowid()", rs -> rs.getLong(1)).orElseThrow();
        });
        return id[0];
    }

    @Override
    public void markWaveDone(long jobId, Instant at) {
        db.update("UPDATE migration_jobs SET wave_done_at = ? WHERE id = ?", at.toString(), jobId);
    }

    @Override
    public Optional<MigrationJob> unfinishedJob(UUID schemaId) {
        return db.one(COLUMNS + "WHERE schema_id = ? AND status NOT IN " + FINISHED + " ORDER BY id DESC LIMIT 1",
                MigrationTable::job, schemaId.toString());
    }

    @Override
    public void updateJobStatus(long jobId, JobStatus status) {
        db.update("UPDATE migration_jobs SET status = ? WHERE id = ?", status.name(), jobId);
    }

    @Override
    public void recordTasks(long jobId, List<TaskOutcome> tasks) {
        db.transaction(() -> {
            for (TaskOutcome t : tasks) {
                db.update("INSERT INTO migration_tasks(job_id, database_id, database_name, status, error, attempts, "
                        + "blocked_since, blocked_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, database_id) "
                        + "DO UPDATE SET database_name = excluded.database_name, status = excluded.status, error = "
                        + "excluded.error, attempts = excluded.attempts, blocked_since = excluded.blocked_since, "
                        + "blocked_micros = excluded.blocked_micros WHERE migration_tasks.status <> 'Success'", jobId,
                        t.databaseId().toString(), t.databaseName(), t.status().name(), t.error().orElse(null),
                        t.attempts(), t.blockedSinceMicros(), t.blockedMicros());
            }
        });
    }

    @Override
    public void finishJob(long jobId, JobStatus status, Optional<String> error, Instant at, int failed) {
        db.update("UPDATE migration_jobs SET status = ?, error = ?, finished_at = ?, failed = ? WHERE id = ?",
                status.name(), error.orElse(null), at.toString(), failed, jobId);
    }

    @Override
    public List<MigrationJob> jobs(UUID schemaId) {
        return db.query(COLUMNS + "WHERE schema_id = ? ORDER BY id DESC", MigrationTable::job, schemaId.toString());
    }

    @Override
    public Optional<MigrationJob> job(long jobId) {
        return db.one(COLUMNS + "WHERE id = ?", MigrationTable::job, jobId);
    }

    @Override
    public List<TaskOutcome> tasks(long jobId) {
        return db.query(TASKS + "WHERE job_id = ? ORDER BY database_name", MigrationTable::task, jobId);
    }

    @Override
    public List<TaskOutcome> tasks(long jobId, Optional<String> after, int limit) {
        return db.query(TASKS + "WHERE job_id = ? AND database_name > ? ORDER BY database_name LIMIT ?",
                MigrationTable::task, jobId, after.orElse(""), limit);
    }

    @Override
    public JobProgress progress(long jobId) {
        return db.one("SELECT count(*), count(*) FILTER (WHERE status = 'DryRunFailure'), "
                + "count(*) FILTER (WHERE status IN ('Success', 'Failure')), count(*) FILTER (WHERE status = 'Failure') "
                + "FROM migration_tasks WHERE job_id = ?", rs -> new JobProgress(rs.getInt(1), rs.getInt(2),
                rs.getInt(3), rs.getInt(4)), jobId).orElse(new JobProgress(0, 0, 0, 0));
    }

    @Override
    public List<TaskOutcome> failedTasks(long jobId, int limit) {
        return db.query(TASKS + "WHERE job_id = ? AND status IN ('DryRunFailure', 'Failure') ORDER BY database_name "
                + "LIMIT ?", MigrationTable::task, jobId, limit);
    }

    private static TaskOutcome task(ResultSet rs) throws SQLException {
        return new TaskOutcome(UUID.fromString(rs.getString(1)), rs.getString(2), TaskStatus.valueOf(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)), rs.getInt(5), rs.getLong(6), rs.getLong(7));
    }

    @Override
    public List<MigrationJob> unfinishedJobs() {
        return db.query(COLUMNS + "WHERE status NOT IN " + FINISHED + " ORDER BY id",
                MigrationTable::job);
    }

    private static MigrationJob job(ResultSet rs) throws SQLException {
        return new MigrationJob(rs.getLong(1), UUID.fromString(rs.getString(2)), rs.getLong(3),
                JobStatus.valueOf(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                ProgramCodec.decode(rs.getString(6)), Instant.parse(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)).map(Instant::parse), rs.getInt(9), rs.getInt(10), rs.getString(11),
                new Rollout(MigrationMode.valueOf(rs.getString(12)), Optional.ofNullable(rs.getString(13))
                        .map(MigrationTable::decodeWave), soak(rs)), Optional.ofNullable(rs.getString(15)).map(Instant::parse));
    }

    private static Optional<java.time.Duration> soak(ResultSet rs) throws SQLException {
        long seconds = rs.getLong(14);
        return rs.wasNull() ? Optional.empty() : Optional.of(java.time.Duration.ofSeconds(seconds));
    }

    /** A first wave as the catalog keeps it: {@code percent:10}, or {@code databases:ws1,ws2} (names have no commas). */
    private static String encodeWave(Rollout.FirstWave w) {
        return w.databases().isEmpty() ? "percent:" + w.percent() : "databases:" + String.join(",", w.databases());
    }

    private static Rollout.FirstWave decodeWave(String s) {
        return s.startsWith("percent:") ? Rollout.FirstWave.percent(Integer.parseInt(s.substring(8)))
                : Rollout.FirstWave.of(List.of(s.substring("databases:".length()).split(",")));
    }
}
