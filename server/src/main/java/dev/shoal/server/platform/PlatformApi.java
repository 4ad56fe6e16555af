package dev.shoal.server.platform;

import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Platform API (Turso's routes and shapes, see shared/reference/platform-api-and-cli.md):
 * accounts and API tokens, groups, databases; plus the OpenAPI document describing them.
 */
public final class PlatformApi implements HttpService {
    private final PlatformServices services;
    private final PlatformAuth auth;
    private final HttpIo io;
    private final SqlWorkers workers;
    private final String firstUser;
    private final List<PlatformRoutes.Route> routes = new ArrayList<>();

    private final java.nio.file.Path dataDir;
    private final long maxUploadBytes;

    public PlatformApi(PlatformServices services, PlatformAuth auth, HttpIo io, SqlWorkers workers, String firstUser,
            java.nio.file.Path dataDir, long maxUploadBytes) {
        this.workers = workers;
        this.dataDir = dataDir;
        this.maxUploadBytes = maxUploadBytes;
        this.services = services;
        this.auth = auth;
        this.io = io;
        this.firstUser = firstUser;
    }

    @Override
    public void routing(HttpRules rules) {
        PlatformRoutes r = new PlatformRoutes(rules, auth::authenticate, services.mapper(), io, workers, routes);
        PlatformJson json = new PlatformJson(services.mapper(), services.addressing());
        new AccountRoutes(services, json, firstUser).register(r);
        new GroupRoutes(services, json).register(r);
        new DatabaseRoutes(services, json, new Uploads(dataDir.resolve("uploads"), maxUploadBytes)).register(r);
        OpenApiDocument.register(rules);
    }

    /** Every registered route as "METHOD /path" (with {@code /v1}), for the OpenAPI comparison test. */
    public List<String> routes() {
        return Collections.unmodifiableList(routes.stream().map(r -> r.method() + " " + r.path()).toList());
    }
}
