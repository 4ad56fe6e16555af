package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.apitoken.Principal;
import dev.shoal.server.http.HttpIo;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * One Platform API request as handlers see it: who calls, path parameters, query, body.
 * On org-less routes ({@code /v1/databases}, …) the organization is the caller's personal one.
 */
final class Call {
    private final ServerRequest req;
    private final Principal principal;
    private final ObjectMapper mapper;
    private final HttpIo io;
    private byte[] bodyBytes;
    private Body body;

    Call(ServerRequest req, Principal principal, ObjectMapper mapper, HttpIo io) {
        this.req = req;
        this.principal = principal;
        this.mapper = mapper;
        this.io = io;
    }

    Principal principal() {
        return principal;
    }

    String org() {
        return req.path().pathParameters().first("org").orElse(principal.username());
    }

    /** A path parameter; null when the route has none of that name. */
    String param(String name) {
        return req.path().pathParameters().first(name).orElse(null);
    }

    Optional<String> query(String name) {
        return req.query().first(name).filter(s -> !s.isEmpty());
    }

    /** The body as a stream, for uploads (bounded by the reader). */
    java.io.InputStream rawBody() {
        return req.content().inputStream();
    }

    Body body() {
        if (body == null) {
            readBody();
            body = Body.parse(mapper, bodyBytes);
        }
        return body;
    }

    /** Reads the (bounded) JSON body now, so a handler moved to another thread does no network reads. */
    void readBody() {
        if (bodyBytes == null) {
            bodyBytes = req.content().hasEntity() ? io.body(req) : new byte[0];
        }
    }
}
