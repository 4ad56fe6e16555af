package dev.shoal.server.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.migration.JobProgress;
import dev.shoal.core.migration.MigrationCatalog;
import dev.shoal.core.migration.MigrationJob;
import dev.shoal.core.migration.TaskOutcome;
import dev.shoal.core.migration.TaskStatus;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A migration job's live progress as Server-Sent Events ({@code GET …/v1/jobs/{id}/events}):
 * {@code progress} (counts of children dry-run and run, and failed), {@code failed} (a child that
 * failed, with its own error; the first {@link #MAX_FAILED_EVENTS}), then {@code finished} (the job's
 * final status and error), after which the stream ends. It reads the job's recorded tasks, which a
 * job writes a page at a time, a few times a second. Streams are bounded: {@link #MAX_STREAMS} on
 * the server, {@link #MAX_STREAMS_PER_DATABASE} per schema database.
 */
public final class JobEvents {
    static final int MAX_STREAMS = 256;
    static final int MAX_STREAMS_PER_DATABASE = 16;
    static final int MAX_FAILED_EVENTS = 100;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final MigrationCatalog jobs;
    private final ObjectMapper mapper;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final ConcurrentHashMap<UUID, AtomicInteger> perDatabase = new ConcurrentHashMap<>();

    public JobEvents(MigrationCatalog jobs, ObjectMapper mapper) {
        this.jobs = jobs;
        this.mapper = mapper;
    }

    /** Streams job {@code jobId} of {@code db} to {@code res} until it finishes or the client goes away. */
    public void stream(DatabaseRecord db, String jobId, ServerResponse res) {
        JobViews.requireSchema(db);
        MigrationJob first = JobViews.jobOf(jobs, db, JobViews.jobNumber(jobId));
        AtomicInteger mine = perDatabase.computeIfAbsent(db.id(), k -> new AtomicInteger());
        if (mine.incrementAndGet() > MAX_STREAMS_PER_DATABASE || !streams.tryAcquire()) {
            mine.decrementAndGet();
            throw new ShoalException(ErrorCode.BUSY, "too many progress streams open (at most "
                    + MAX_STREAMS_PER_DATABASE + " per schema database and " + MAX_STREAMS + " in all); retry later");
        }
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            follow(first, sink);
        } catch (RuntimeException e) {
            // the client went away (a failed write) or the catalog failed: the stream just ends
        } finally {
            streams.release();
            mine.decrementAndGet();
        }
    }

    private void follow(MigrationJob job, SseSink sink) {
        Set<String> reported = new HashSet<>();
        JobProgress last = null;
        long quietSince = System.nanoTime();
        while (true) {
            JobProgress now = jobs.progress(job.id());
            if (!now.equals(last)) {
                sink.emit(event("progress", progress(job, now)));
                last = now;
                quietSince = System.nanoTime();
                reportFailures(job.id(), now, reported, sink);
            } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                sink.emit(SseEvent.builder().comment("still running").build());
                quietSince = System.nanoTime();
            }
            if (job.status().finished()) {
                ObjectNode end = mapper.createObjectNode().put("job_id", job.id()).put("status", job.status().name());
                job.error().ifPresentOrElse(e -> end.put("error", e), () -> end.putNull("error"));
                sink.emit(event("finished", end));
                return;
            }
            sleep();
            job = jobs.job(job.id()).orElseThrow(JobViews::notFound);
        }
    }

    private void reportFailures(long jobId, JobProgress now, Set<String> reported, SseSink sink) {
        if (now.dryRunFailed() + now.runFailed() == 0 || reported.size() >= MAX_FAILED_EVENTS) {
            return;
        }
        for (TaskOutcome t : jobs.failedTasks(jobId, MAX_FAILED_EVENTS)) {
            if (reported.size() < MAX_FAILED_EVENTS && reported.add(t.databaseName() + "/" + t.status())) {
                sink.emit(event("failed", mapper.createObjectNode().put("database", t.databaseName())
                        .put("phase", t.status() == TaskStatus.DryRunFailure ? "dry-run" : "run")
                        .put("error", t.error().orElse(""))));
            }
        }
    }

    private ObjectNode progress(MigrationJob job, JobProgress p) {
        ObjectNode o = mapper.createObjectNode().put("job_id", job.id()).put("status", job.status().name())
                .put("children", job.children());
        o.putObject("dry_run").put("done", p.dryRun()).put("failed", p.dryRunFailed());
        o.putObject("run").put("done", p.run()).put("failed", p.runFailed());
        return o;
    }

    private static SseEvent event(String name, ObjectNode data) {
        return SseEvent.builder().name(name).data(Objects.requireNonNull(data).toString()).build();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }
}
