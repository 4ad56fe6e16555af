package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.apitoken.Principal;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers Platform API routes: each authenticated, answered with a JSON body (Turso's client
 * parses every 2xx), errors converted in one place to {@code {"error": "…"}}. Routes under
 * {@code /v1} also answer without the prefix. The list of registered routes is kept so a test
 * can compare it with the OpenAPI document.
 */
final class PlatformRoutes {
    /** A route handler: returns the JSON body of a 200 response. */
    interface Handler {
        JsonNode handle(Call call);
    }

    record Route(String method, String path) {}

    private final HttpRules rules;
    private final Function<ServerRequest, Principal> auth;
    private final ObjectMapper mapper;
    private final HttpIo io;
    private final SqlWorkers workers;
    private final List<Route> routes;

    PlatformRoutes(HttpRules rules, Function<ServerRequest, Principal> auth, ObjectMapper mapper, HttpIo io,
            SqlWorkers workers, List<Route> registry) {
        this.rules = rules;
        this.auth = auth;
        this.mapper = mapper;
        this.io = io;
        this.workers = workers;
        this.routes = registry;
    }

    /**
     * For handlers that do file-level SQLite work (copy a database with VACUUM INTO, import a seed,
     * delete files and close their handles): runs {@code h} on the SQL worker threads, as Hrana
     * runs SQL, once the body has been read here. A native SQLite call on the request's virtual
     * thread would pin its carrier, and on a two-core machine two such calls stall every request.
     * When every SQL thread is busy the call gets 429, like SQL does.
     */
    Handler onSqlThreads(Handler h) {
        return call -> {
            call.readBody();
            return workers.call(() -> h.handle(call));
        };
    }

    void get(String path, Handler h) {
        add(Method.GET, path, h);
    }

    void post(String path, Handler h) {
        add(Method.POST, path, h);
    }

    void patch(String path, Handler h) {
        add(Method.PATCH, path, h);
    }

    void delete(String path, Handler h) {
        add(Method.DELETE, path, h);
    }

    /** A route under {@code /v1/organizations/{org}/…} plus its org-less personal twin {@code /v1/…}. */
    void orgScoped(Method method, String rest, Handler h) {
        add(method, "/v1/organizations/{org}" + rest, h);
        add(method, "/v1" + rest, h);
    }

    private void add(Method method, String path, Handler h) {
        routes.add(new Route(method.text(), path));
        List<String> paths = new ArrayList<>(List.of(path));
        if (path.startsWith("/v1/")) {
            paths.add(path.substring(3)); // Turso's TS client drops /v1 when baseUrl lacks a trailing slash
        }
        for (String p : paths) {
            rules.route(method, p, (req, res) -> serve(req, res, h));
        }
    }

    private void serve(ServerRequest req, ServerResponse res, Handler h) {
        try {
            Principal principal = auth.apply(req);
            JsonNode body = h.handle(new Call(req, principal, mapper, io));
            HttpIo.json(res, 200, mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            ErrorBodies.platform(res, new ShoalException(ErrorCode.INTERNAL, "cannot encode response", e));
        } catch (RuntimeException e) {
            ErrorBodies.platform(res, ErrorBodies.classify(e));
        }
    }
}
