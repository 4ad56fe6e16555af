package dev.shoal.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error bodies of the two HTTP protocols, written in one place each: Hrana's
 * {@code {"message","code"}} and the Platform API's {@code {"error"}}. Unexpected failures are
 * logged with an id and answered 500 with that id only: no stack trace or path leaves the server.
 */
public final class ErrorBodies {
    private static final Logger log = LoggerFactory.getLogger(ErrorBodies.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> HRANA_PATHS = Set.of("/v2", "/v3", "/v2/pipeline", "/v3/pipeline", "/v3/cursor",
            "/v3-protobuf");

    private ErrorBodies() {}

    /**
     * Converts anything thrown by a handler into a ShoalException, logging what was unexpected.
     * A lost connection (the client hung up or went silent, found while reading the body or writing
     * the answer) is rethrown instead: there is nobody to answer, and Helidon closes the connection.
     */
    public static ShoalException classify(Throwable t) {
        ShoalException known = ShoalException.find(t).orElse(null);
        if (known != null && known.code() != ErrorCode.INTERNAL) {
            return known;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CloseConnectionException lost) {
                if (lost instanceof ServerConnectionException) { // GuardedBody logs what it finds itself
                    log.debug("client connection lost: {}", lost.getMessage());
                }
                throw lost;
            }
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("internal error {}", id, t);
        return new ShoalException(ErrorCode.INTERNAL, "internal error (log id " + id + ")");
    }

    public static void hrana(ServerResponse res, ShoalException e) {
        int status = e.code() == ErrorCode.SQLITE_ERROR ? 400 : e.code().httpStatus();
        send(res, status, g -> {
            g.writeStringField("message", message(e));
            g.writeStringField("code", e.wireCode());
            if (status == 401) { // sqld's auth errors are {"error": …}; keep both so every client shows the text
                g.writeStringField("error", message(e));
            }
        });
    }

    public static void platform(ServerResponse res, ShoalException e) {
        send(res, e.code().httpStatus(), g -> g.writeStringField("error", message(e)));
    }

    /** 404 readable by Platform API clients ({@code error}) and Hrana clients ({@code message}, {@code code}). */
    public static void notFound(ServerResponse res, String message) {
        send(res, 404, g -> {
            g.writeStringField("error", message);
            g.writeStringField("message", message);
            g.writeStringField("code", ErrorCode.NOT_FOUND.name());
        });
    }

    /**
     * The body of an error answered below the routes (by {@link TransportErrors}), in the shape of
     * the protocol the path belongs to: Hrana's, the Platform API's, or both for any other path.
     */
    static byte[] transport(String path, ShoalException e) {
        String message = message(e);
        if (isHranaPath(path)) {
            return json(g -> {
                g.writeStringField("message", message);
                g.writeStringField("code", e.wireCode());
            });
        }
        if (path.startsWith("/v1/")) {
            return json(g -> g.writeStringField("error", message));
        }
        return json(g -> {
            g.writeStringField("error", message);
            g.writeStringField("message", message);
            g.writeStringField("code", e.wireCode());
        });
    }

    /** The Hrana routes, bare or under {@code /db/<org>/<db>} (see HranaService). */
    static boolean isHranaPath(String path) {
        String p = path.startsWith("/db/") ? path.replaceFirst("^/db/[^/]+/[^/]+", "") : path;
        return HRANA_PATHS.contains(p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p);
    }

    /** The text a client is shown for {@code e}: its message, or for an internal failure the log id. */
    public static String message(ShoalException e) {
        return e.code() == ErrorCode.INTERNAL ? String.valueOf(e.getMessage()) : e.safeMessage();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static void send(ServerResponse res, int status, Fields fields) {
        if (res.isSent()) {
            return;
        }
        HttpIo.json(res, status, json(fields));
    }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
