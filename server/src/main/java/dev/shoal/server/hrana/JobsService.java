package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.migration.JobStatus;
import dev.shoal.core.migration.MigrationCatalog;
import dev.shoal.core.migration.MigrationJob;
import dev.shoal.core.migration.TaskOutcome;
import dev.shoal.server.DatabaseAddressing;
import dev.shoal.server.http.Bearer;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * sqld's jobs API on a schema database's own URL: {@code GET /v1/jobs} and
 * {@code GET /v1/jobs/{id}}, with its shapes and the quirks clients depend on (400
 * {@code {"error":"Invalid namespace"}} for a database that is not a schema database; task statuses
 * named through the job enum; never an empty list, because older {@code @libsql/client} versions
 * poll the newest job and break on none), plus Shoal's extra fields (version, times, counts, the
 * real per-child error).
 */
public final class JobsService implements HttpService {
    private final DatabaseAddressing addressing;
    private final SqlAuth auth;
    private final MigrationCatalog jobs;
    private final JsonFactory json;

    public JobsService(DatabaseAddressing addressing, SqlAuth auth, MigrationCatalog jobs, JsonFactory json) {
        this.addressing = addressing;
        this.auth = auth;
        this.jobs = jobs;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        Function<ServerRequest, DatabaseRecord> bare = req -> addressing.byHost(req.authority(), Bearer.token(req));
        Function<ServerRequest, DatabaseRecord> byPath = req -> addressing.byPath(
                req.path().pathParameters().get("org"), req.path().pathParameters().get("db"));
        for (String prefix : new String[] {"", "/db/{org}/{db}"}) {
            Function<ServerRequest, DatabaseRecord> target = prefix.isEmpty() ? bare : byPath;
            rules.get(prefix + "/v1/jobs", (req, res) -> guard(res, () -> list(req, res, target)));
            rules.get(prefix + "/v1/jobs/{job}", (req, res) -> guard(res, () -> one(req, res, target)));
        }
    }

    private DatabaseRecord schema(ServerRequest req, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = target.apply(req);
        auth.authorize(Bearer.token(req), db);
        if (db.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "Invalid namespace");
        }
        return db;
    }

    private void list(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = schema(req, target);
        List<MigrationJob> all = jobs.jobs(db.id());
        long version = all.stream().filter(j -> j.status() == JobStatus.RunSuccess).mapToLong(MigrationJob::version)
                .max().orElse(0);
        send(res, g -> {
            g.writeNumberField("schema_version", version);
            g.writeArrayFieldStart("migrations");
            for (MigrationJob j : all) {
                g.writeStartObject();
                g.writeNumberField("job_id", j.id());
                g.writeStringField("status", j.status().name());
                g.writeNumberField("version", j.version());
                g.writeStringField("created_at", j.createdAt().toString());
                g.writeEndObject();
            }
            if (all.isEmpty()) { // the schema as created: version 0, complete
                g.writeStartObject();
                g.writeNumberField("job_id", 0);
                g.writeStringField("status", JobStatus.RunSuccess.name());
                g.writeNumberField("version", 0);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void one(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = schema(req, target);
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("job"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (id == 0 && jobs.jobs(db.id()).isEmpty()) {
            send(res, g -> {
                g.writeNumberField("job_id", 0);
                g.writeStringField("status", JobStatus.RunSuccess.name());
                g.writeArrayFieldStart("progress");
                g.writeEndArray();
            });
            return;
        }
        MigrationJob job = jobs.job(id).filter(j -> j.schemaId().equals(db.id())).orElseThrow(JobsService::notFound);
        List<TaskOutcome> tasks = jobs.tasks(job.id());
        send(res, g -> {
            g.writeNumberField("job_id", job.id());
            g.writeStringField("status", job.status().name());
            if (job.error().isPresent()) {
                g.writeStringField("error", job.error().get());
            }
            g.writeArrayFieldStart("progress");
            for (TaskOutcome t : tasks) {
                g.writeStartObject();
                g.writeStringField("namespace", t.databaseName());
                g.writeStringField("status", t.status().wireName());
                g.writeFieldName("error");
                if (t.error().isPresent()) {
                    g.writeString(t.error().get());
                } else {
                    g.writeNull();
                }
                g.writeNumberField("attempts", t.attempts());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("version", job.version());
            g.writeNumberField("children", job.children());
            g.writeNumberField("failed", job.failed());
            g.writeStringField("sql", job.program().sqlText());
            g.writeStringField("created_at", job.createdAt().toString());
            if (job.finishedAt().isPresent()) {
                g.writeStringField("finished_at", job.finishedAt().get().toString());
            }
        });
    }

    private static ShoalException notFound() {
        return new ShoalException(ErrorCode.NOT_FOUND, "couldn't find requested migration job");
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(ServerResponse res, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpIo.json(res, 200, out.toByteArray());
    }

    /** Jobs errors are sqld's plain-HTTP shape: {@code {"error": …}}. */
    private static void guard(ServerResponse res, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            ErrorBodies.platform(res, ErrorBodies.classify(e));
        }
    }
}
