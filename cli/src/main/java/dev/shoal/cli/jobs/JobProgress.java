package dev.shoal.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code progress} event of a job's event stream ({@code GET <db-url>/v1/jobs/{id}/events}):
 * how many children the job has, and how many of them are done and failed in each phase.
 *
 * @param status the job's status name, e.g. {@code WaitingDryRun}
 */
public record JobProgress(String status, int children, int dryRunDone, int dryRunFailed, int runDone, int runFailed) {

    /** Reads the event's JSON data ({@code {"status", "children", "dry_run": {...}, "run": {...}}}). */
    public static JobProgress of(JsonNode data) {
        return new JobProgress(data.path("status").asText(), data.path("children").asInt(),
                data.path("dry_run").path("done").asInt(), data.path("dry_run").path("failed").asInt(),
                data.path("run").path("done").asInt(), data.path("run").path("failed").asInt());
    }

    /**
     * Whether the job is past its dry runs and applying: its status says so, or a child is already
     * migrated (the status is read a moment before the counts, so it can lag behind them).
     */
    public boolean applying() {
        return status.equals("WaitingRun") || runDone > 0;
    }

    /** Children done in the current phase. */
    public int done() {
        return applying() ? runDone : dryRunDone;
    }

    /** Children failed in the current phase. */
    public int failed() {
        return applying() ? runFailed : dryRunFailed;
    }
}
