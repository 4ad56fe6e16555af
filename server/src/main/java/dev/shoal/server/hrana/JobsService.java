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

    public JobsService(DatabaseAddressing addressing, SqlAuth auth, JobViews views) {
        this.addressing = addressing;
        this.auth = auth;
        this.views = views;
    }

    @Override
    public void routing(HttpRules rules) {
        UrlForms.forEachForm(addressing, (prefix, target) -> {
            rules.get(prefix + "/v1/jobs", (req, res) -> send(res, () -> views.list(authorized(req, target))));
            rules.get(prefix + "/v1/jobs/{job}", (req, res) -> send(res, () -> views.detail(authorized(req, target),
                    req.path().pathParameters().get("job"))));
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
