package dev.shoal.server.hrana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.DatabaseAddressing;
import dev.shoal.server.http.Bearer;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.jobs.JobViews;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * sqld's jobs API on a schema database's own URL ({@code GET /v1/jobs}, {@code GET /v1/jobs/{id}}),
 * authorized like the SQL API (a database token, or dev mode). Errors are sqld's plain-HTTP shape,
 * {@code {"error": …}}.
 */
public final class JobsService implements HttpService {
    private final DatabaseAddressing addressing;
    private final SqlAuth auth;
    private final JobViews views;
    private final dev.shoal.server.jobs.JobEvents events;

    public JobsService(DatabaseAddressing addressing, SqlAuth auth, JobViews views,
            dev.shoal.server.jobs.JobEvents events) {
        this.addressing = addressing;
        this.auth = auth;
        this.views = views;
        this.events = events;
    }

    @Override
    public void routing(HttpRules rules) {
        UrlForms.forEachForm(addressing, (prefix, target) -> {
            rules.get(prefix + "/v1/jobs", (req, res) -> send(res, () -> views.list(authorized(req, target))));
            rules.get(prefix + "/v1/jobs/{job}", (req, res) -> send(res, () -> views.detail(authorized(req, target),
                    req.path().pathParameters().get("job"))));
            rules.get(prefix + "/v1/jobs/{job}/events", (req, res) -> {
                try {
                    events.stream(authorized(req, target), req.path().pathParameters().get("job"), res);
                } catch (RuntimeException e) { // refused before the stream began
                    ErrorBodies.platform(res, ErrorBodies.classify(e));
                }
            });
        });
    }

    private DatabaseRecord authorized(ServerRequest req, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = target.apply(req);
        auth.authorize(Bearer.token(req), db);
        return db;
    }

    private static void send(ServerResponse res, Supplier<ObjectNode> body) {
        try {
            HttpIo.json(res, 200, body.get().toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            ErrorBodies.platform(res, ErrorBodies.classify(e));
        }
    }
}
