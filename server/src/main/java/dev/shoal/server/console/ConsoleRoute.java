package dev.shoal.server.console;

import dev.shoal.server.http.ErrorBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code GET /console/…}: the web console's static files (docs/console.md). The console is a
 * client of the public Platform, SQL and jobs APIs like any other; this route only hands out its
 * files, needs no token, and answers every request under {@code /console} — files, redirects,
 * 304s, 404s and 405s alike — with the hardening headers of {@link #harden}.
 */
public final class ConsoleRoute implements HttpService {
    static final String PREFIX = "/console";
    /** No inline script or style, nothing from another origin, no framing, no base or form tricks. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final ConsoleAssets assets = new ConsoleAssets();

    @Override
    public void routing(HttpRules rules) {
        rules.any(PREFIX, this::serve).any(PREFIX + "/*", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        harden(res);
        Method method = req.prologue().method();
        if (!method.equals(Method.GET) && !method.equals(Method.HEAD)) {
            res.header(HeaderNames.ALLOW, "GET, HEAD");
            send(res, Status.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8",
                    ("the console's files are read with GET, not " + method.text() + "\n").getBytes());
            return;
        }
        String raw = req.path().rawPath();
        if (raw.equals(PREFIX)) { // relative asset URLs need the trailing slash
            res.header(HeaderNames.LOCATION, PREFIX + "/");
            send(res, Status.MOVED_PERMANENTLY_301, "text/plain; charset=utf-8", (PREFIX + "/\n").getBytes());
            return;
        }
        String name = raw.substring(PREFIX.length() + 1);
        Optional<ConsoleAssets.Asset> asset = assets.find(name.isEmpty() ? "index.html" : name);
        if (asset.isEmpty()) {
            ErrorBodies.notFound(res, "no such console file: " + raw);
            return;
        }
        answer(req, res, asset.get());
    }

    private static void answer(ServerRequest req, ServerResponse res, ConsoleAssets.Asset a) {
        res.header(HeaderNames.ETAG, a.etag());
        res.header(HeaderNames.CACHE_CONTROL, a.cacheControl());
        Optional<String> seen = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (seen.isPresent() && seen.get().equals(a.etag())) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        send(res, Status.OK_200, a.contentType(), a.bytes());
    }

    private static void send(ServerResponse res, Status status, String type, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.send(body);
    }

    /** The headers every console response carries (error bodies included). */
    static void harden(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Cross-Origin-Opener-Policy"), "same-origin");
        res.header(HeaderNames.create("Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
        res.header(HeaderNames.CACHE_CONTROL, "no-store"); // a file's own policy replaces it
    }
}
