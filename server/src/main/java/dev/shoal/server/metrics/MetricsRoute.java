package dev.shoal.server.metrics;

import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.Principal;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.platform.PlatformAuth;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the server's meters in the Prometheus text format, for the server's
 * operator only. The caller is authenticated as the Platform API does it ({@link PlatformAuth}):
 * on an open dev server (loopback, no {@code --auth}) no token is needed; otherwise the bearer must
 * be an API token of the server's first user, not limited to an organization or group, with the
 * {@code read} scope. A database token is never accepted (it is not an API token). Refusals are
 * the Platform API's {@code {"error": "…"}}: 401 without a valid token, 403 for another user's.
 */
public final class MetricsRoute implements HttpService {
    private final ServerMetrics metrics;
    private final PlatformAuth auth;
    private final String operator;

    public MetricsRoute(ServerMetrics metrics, PlatformAuth auth, String operator) {
        this.metrics = metrics;
        this.auth = auth;
        this.operator = operator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        try {
            authorize(auth.authenticate(req));
            res.header(HeaderNames.CONTENT_TYPE, ServerMetrics.CONTENT_TYPE);
            res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            ErrorBodies.platform(res, ErrorBodies.classify(e));
        }
    }

    private void authorize(Principal caller) {
        if (!caller.username().equals(operator)) {
            throw new ShoalException(ErrorCode.FORBIDDEN, "the server's metrics are for its operator: send an API "
                    + "token of user " + operator + " (the server's first user)");
        }
        if (caller.token().isPresent()) {
            ApiToken t = caller.token().get();
            if (t.organization().isPresent() || t.group().isPresent() || !t.scopes().contains(Scope.READ)) {
                throw new ShoalException(ErrorCode.UNAUTHORIZED, "API token `" + t.name() + "` cannot read the "
                        + "server's metrics: that needs a token with the read scope, not limited to an organization "
                        + "or group");
            }
        }
    }
}
