package dev.shoal.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private ErrorBodies() {}

    /** Converts anything thrown by a handler into a ShoalException, logging what was unexpected. */
    public static ShoalException classify(Throwable t) {
        ShoalException known = ShoalException.find(t).orElse(null);
        if (known != null && known.code() != ErrorCode.INTERNAL) {
            return known;
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

    private static String message(ShoalException e) {
        return e.code() == ErrorCode.INTERNAL ? String.valueOf(e.getMessage()) : e.safeMessage();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static void send(ServerResponse res, int status, Fields fields) {
        if (res.isSent()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpIo.json(res, status, out.toByteArray());
    }
}
