package dev.shoal.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the migration job a statement started, without anything new on the wire: the jobs list of
 * the database ({@code GET <db-url>/v1/jobs}, newest first) holds it as the newest job that is
 * still running and was created after the statement was sent. Migrations of one schema database
 * run one at a time, so a job created before the statement was sent is one the statement waits
 * for, never its own. The one job that can be taken for the statement's is another client's whose
 * transaction began before the statement was sent and committed after it (the statement waits
 * for that one too); it is followed to its end, then the statement's own. The server's clock
 * stamps the job and the CLI's the statement: a server clock running behind hides the job, which
 * only means no progress is shown.
 */
final class JobSearch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The statuses of a job that has ended; any other (a newer server's too) is running. */
    private static final Set<String> ENDED = Set.of("RunSuccess", "RunFailure", "DryRunFailure", "Cancelled",
            "NeedsAttention");

    /** What the jobs list said. */
    sealed interface Sighting {
        /** 400 {@code Invalid namespace}: the database is not a schema database. */
        record NotASchemaDatabase() implements Sighting {}

        /** No job of the statement's is running (yet). */
        record Nothing() implements Sighting {}

        record Running(long job) implements Sighting {}
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final URI jobs;
    private final Optional<String> token;

    /** @param base the database's URL, ending with {@code /} */
    JobSearch(URI base, Optional<String> token) {
        this.jobs = base.resolve("v1/jobs");
        this.token = token;
    }

    /** The URL of job {@code id}'s event stream. */
    URI events(long id) {
        return URI.create(jobs + "/" + id + "/events");
    }

    Optional<String> token() {
        return token;
    }

    /**
     * The newest running job created at or after {@code since} whose id is above {@code after}
     * (the jobs already followed for this statement: a batch may start several in turn).
     */
    Sighting look(Instant since, long after) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(jobs).timeout(TIMEOUT).GET();
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() == 400) {
            return new Sighting.NotASchemaDatabase();
        }
        if (res.statusCode() != 200) {
            throw new IOException("GET " + jobs + ": HTTP " + res.statusCode());
        }
        for (JsonNode j : JSON.readTree(res.body()).path("migrations")) {
            long id = j.path("job_id").asLong();
            if (id > after && !ENDED.contains(j.path("status").asText()) && createdSince(j, since)) {
                return new Sighting.Running(id);
            }
        }
        return new Sighting.Nothing();
    }

    private static boolean createdSince(JsonNode job, Instant since) {
        try {
            return !Instant.parse(job.path("created_at").asText()).isBefore(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
