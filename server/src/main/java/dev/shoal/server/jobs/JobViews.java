package dev.shoal.server.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.migration.JobStatus;
import dev.shoal.core.migration.MigrationCatalog;
import dev.shoal.core.migration.MigrationJob;
import dev.shoal.core.migration.MigrationPlan;
import dev.shoal.core.migration.Rollout;
import dev.shoal.core.migration.TaskOutcome;
import java.util.List;

/**
 * The jobs API's bodies, in sqld's shapes (reference §4.2) with the quirks clients depend on: 400
 * {@code Invalid namespace} for a database that is not a schema database; task statuses named
 * through the job enum; never an empty list (older {@code @libsql/client} versions poll the newest
 * job and break on none), plus Shoal's extra fields. Served on the schema database's URL and under
 * the Platform API.
 */
public final class JobViews {
    private final MigrationCatalog jobs;
    private final ObjectMapper mapper;
    private final dev.shoal.core.migration.SchemaMigrations fleet;

    /** @param fleet plans migrations and checks for drift, on the migration workers */
    public JobViews(MigrationCatalog jobs, ObjectMapper mapper, dev.shoal.core.migration.SchemaMigrations fleet) {
        this.jobs = jobs;
        this.mapper = mapper;
        this.fleet = fleet;
    }

    /** {@code POST …/databases/{schema}/jobs/{id}/retry}: the job's detail as it starts again. */
    public ObjectNode retry(DatabaseRecord db, String jobId) {
        requireSchema(db);
        long id = jobNumber(jobId);
        fleet.retry(db, id);
        return detail(db, jobId);
    }

    /** {@code POST …/databases/{schema}/migrations}: the job, as it starts. */
    public ObjectNode submit(DatabaseRecord db, String sql, java.util.Optional<Rollout.FirstWave> wave,
            java.util.Optional<java.time.Duration> soak, String sentBy) {
        MigrationJob job = fleet.submit(db, sql, wave, soak, sentBy);
        return detail(db, Long.toString(job.id()));
    }

    /** {@code POST …/jobs/{id}/pause|resume|cancel|promote}: the job once the call took effect. */
    public ObjectNode control(DatabaseRecord db, String jobId, String verb) {
        requireSchema(db);
        long id = jobNumber(jobId);
        switch (verb) {
            case "pause" -> fleet.pause(db, id);
            case "resume" -> fleet.resume(db, id);
            case "cancel" -> fleet.cancel(db, id);
            case "promote" -> fleet.promote(db, id);
            default -> throw new IllegalArgumentException(verb);
        }
        return detail(db, jobId);
    }

    /**
     * {@code POST …/databases/{schema}/schema/repair}: children that are behind brought up to date
     * from the history; the others that drifted reported, unchanged.
     */
    public ObjectNode repair(DatabaseRecord db) {
        dev.shoal.core.migration.SchemaRepair.Result r = fleet.repair(db);
        ObjectNode o = mapper.createObjectNode().put("schema", r.schema()).put("version", r.version())
                .put("children", r.children()).put("in_sync", r.children() - r.drifted() + r.repaired())
                .put("drifted", r.drifted()).put("repaired", r.repaired())
                .put("not_repaired", r.drifted() - r.repaired());
        ArrayNode shown = o.putArray("differences");
        for (dev.shoal.core.migration.SchemaRepair.Outcome d : r.shown()) {
            shown.addObject().put("database", d.database()).put("version", d.fromVersion())
                    .put("repaired_to", d.repaired() ? d.toVersion() : null).put("repaired", d.repaired())
                    .put("state", d.state()).put("detail", d.detail());
        }
        return o.put("differences_shown", r.shown().size());
    }

    /**
     * {@code GET …/databases/{schema}/schema/check}: the children whose schema fingerprint or
     * version differs from the schema database's; nothing changes.
     */
    public ObjectNode check(DatabaseRecord db) {
        dev.shoal.core.migration.SchemaCheck.Result r = fleet.check(db);
        ObjectNode o = mapper.createObjectNode().put("schema", r.schema()).put("version", r.version())
                .put("children", r.children()).put("in_sync", r.children() - r.drifted()).put("drifted", r.drifted());
        ArrayNode drifted = o.putArray("differences");
        for (dev.shoal.core.migration.SchemaCheck.Drift d : r.shown()) {
            drifted.addObject().put("database", d.database()).put("version", d.version()).put("state", d.state())
                    .put("detail", d.detail());
        }
        return o.put("differences_shown", r.shown().size());
    }

    /**
     * {@code POST …/databases/{schema}/migrations/plan} {@code {"sql": …}}: which children the
     * migration would fail on and why, from a dry run everywhere; nothing changes.
     */
    public ObjectNode plan(DatabaseRecord db, String sql) {
        MigrationPlan p = fleet.plan(db, sql);
        ObjectNode o = mapper.createObjectNode().put("schema", p.schema()).put("would_succeed", p.wouldSucceed());
        if (p.schemaError().isPresent()) {
            o.put("schema_error", p.schemaError().get());
        } else {
            o.putNull("schema_error");
        }
        o.put("children", p.children()).put("would_fail", p.wouldFail());
        ArrayNode failures = o.putArray("failures");
        for (TaskOutcome t : p.failures()) {
            failures.addObject().put("database", t.databaseName()).put("error", t.error().orElse(""));
        }
        return o.put("failures_shown", p.failures().size()).put("duration_ms", p.millis());
    }

    /** {@code GET /v1/jobs}: every job of the schema database, newest first. */
    public ObjectNode list(DatabaseRecord db) {
        requireSchema(db);
        List<MigrationJob> all = jobs.jobs(db.id());
        long version = all.stream().filter(j -> j.status().parentApplied()).mapToLong(MigrationJob::version)
                .max().orElse(0);
        ObjectNode o = mapper.createObjectNode().put("schema_version", version);
        ArrayNode list = o.putArray("migrations");
        for (MigrationJob j : all) {
            history(list.addObject().put("job_id", j.id()).put("status", j.status().name()).put("version", j.version())
                    .put("created_at", j.createdAt().toString()), j);
        }
        if (all.isEmpty()) { // the schema as created: version 0, complete
            list.addObject().put("job_id", 0).put("status", JobStatus.RunSuccess.name()).put("version", 0);
        }
        return o;
    }

    /** {@code GET /v1/jobs/{id}}: one job with every child's outcome. */
    public ObjectNode detail(DatabaseRecord db, String jobId) {
        requireSchema(db);
        long id = jobNumber(jobId);
        if (id == 0 && jobs.jobs(db.id()).isEmpty()) {
            ObjectNode o = mapper.createObjectNode().put("job_id", 0).put("status", JobStatus.RunSuccess.name());
            o.putArray("progress");
            return o;
        }
        MigrationJob job = jobOf(jobs, db, id);
        ObjectNode o = mapper.createObjectNode().put("job_id", job.id()).put("status", job.status().name());
        job.error().ifPresent(e -> o.put("error", e));
        ArrayNode progress = o.putArray("progress");
        for (TaskOutcome t : jobs.tasks(job.id())) {
            ObjectNode p = progress.addObject().put("namespace", t.databaseName()).put("status", t.status().wireName());
            if (t.error().isPresent()) {
                p.put("error", t.error().get());
            } else {
                p.putNull("error");
            }
            p.put("attempts", t.attempts()).put("blocked_ms", t.blockedMicros() / 1000.0);
        }
        o.put("version", job.version()).put("created_at", job.createdAt().toString());
        history(o, job);
        job.finishedAt().ifPresent(f -> o.put("finished_at", f.toString()));
        job.rollout().soak().ifPresent(s -> o.put("soak_seconds", s.toSeconds()));
        job.waveDoneAt().ifPresent(w -> o.put("wave_done_at", w.toString()));
        return o;
    }

    /** What the history shows of a job: its SQL, who sent it, how it rolled out, how long it took, its counts. */
    private static void history(ObjectNode o, MigrationJob j) {
        o.put("sql", j.program().sqlText()).put("sent_by", j.sentBy()).put("mode", j.rollout().mode().wireName());
        if (j.rollout().firstWave().isPresent()) {
            o.put("first_wave", j.rollout().firstWave().get().describe());
        }
        o.put("children", j.children()).put("failed", j.failed());
        if (j.finishedAt().isPresent()) {
            o.put("duration_ms", java.time.Duration.between(j.createdAt(), j.finishedAt().get()).toMillis());
        } else {
            o.putNull("duration_ms");
        }
        j.error().ifPresent(e -> o.put("error", e));
    }

    /** sqld's refusal of the jobs API on a database that is not a schema database. */
    static void requireSchema(DatabaseRecord db) {
        if (db.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "Invalid namespace");
        }
    }

    /** A job id from a URL; one that is not a number names no job. */
    static long jobNumber(String jobId) {
        try {
            return Long.parseLong(jobId == null ? "" : jobId);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    /** Job {@code id} of the schema database {@code db}; a job of another database is not found. */
    static MigrationJob jobOf(MigrationCatalog jobs, DatabaseRecord db, long id) {
        return jobs.job(id).filter(j -> j.schemaId().equals(db.id())).orElseThrow(JobViews::notFound);
    }

    static ShoalException notFound() {
        return new ShoalException(ErrorCode.NOT_FOUND, "couldn't find requested migration job");
    }
}
