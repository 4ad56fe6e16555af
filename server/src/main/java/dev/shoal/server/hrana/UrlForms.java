package dev.shoal.server.hrana;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.DatabaseAddressing;
import dev.shoal.server.http.Bearer;
import io.helidon.webserver.http.ServerRequest;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The two URL forms a database's routes are served under: the bare URL (the database named by the
 * host or the token) and {@code /db/<org>/<db>/}. Each route is registered once per form with the
 * resolver for that form.
 */
final class UrlForms {
    private UrlForms() {}

    static void forEachForm(DatabaseAddressing addressing,
            BiConsumer<String, Function<ServerRequest, DatabaseRecord>> register) {
        register.accept("", req -> addressing.byHost(req.authority(), Bearer.token(req)));
        register.accept("/db/{org}/{db}", req -> addressing.byPath(req.path().pathParameters().get("org"),
                req.path().pathParameters().get("db")));
    }
}
