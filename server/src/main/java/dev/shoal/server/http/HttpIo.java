package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** Reading bounded request bodies and writing responses with exact content types. */
public final class HttpIo {
    /** Exactly {@code application/json}: libSQL clients ignore error bodies typed any other way. */
    public static final String JSON = "application/json";
    public static final HeaderName CONTENT_TYPE = HeaderNames.CONTENT_TYPE;

    private final long maxBodyBytes;

    public HttpIo(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The whole body, refusing (413) anything over the limit: before reading it when the length is
     * declared, as soon as the limit is passed otherwise. Broken framing and lost clients surface as
     * {@link GuardedBody} reports them (the filter {@link RequestFraming} is in front of every route).
     * What is held in memory counts against the server's {@link BodyBudget} until the request ends.
     */
    public byte[] body(ServerRequest req) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.orElse(0) > maxBodyBytes) {
            throw tooLarge();
        }
        BodyBudget.Share share = req.context().get(BodyBudget.Share.class)
                .orElseThrow(() -> new IllegalStateException("request body read outside RequestFraming"));
        if (declared.isPresent()) {
            share.grow((int) declared.getAsLong()); // reserve before reading: a refusal reads nothing
        }
        InputStream in = req.content().inputStream();
        try {
            byte[] body = declared.isPresent() ? in.readNBytes((int) declared.getAsLong()) : readToLimit(in, share);
            in.close(); // notes the body's end, so the connection can carry the next request
            return body;
        } catch (ShoalException e) {
            throw e.code() == ErrorCode.BODY_TOO_LARGE ? tooLarge() : e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body of unknown length (chunked); the rest of an oversized one is left unread. */
    private byte[] readToLimit(InputStream in, BodyBudget.Share share) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            share.grow(n);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private ShoalException tooLarge() {
        return new ShoalException(ErrorCode.BODY_TOO_LARGE,
                "request body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    public static void json(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(CONTENT_TYPE, JSON);
        res.send(body);
    }

    public static void text(ServerResponse res, int status, String body) {
        res.status(Status.create(status));
        res.header(CONTENT_TYPE, "text/plain");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
