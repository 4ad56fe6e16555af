package dev.shoal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A small blocking HTTP client for tests: GET/POST/DELETE returning status, headers and the body
 * (parsed as JSON on demand). Speaks HTTP/1.1 like the libSQL clients do. Thread-safe.
 */
public final class HttpJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;

    public HttpJson() {
        this(Duration.ofSeconds(60));
    }

    public HttpJson(Duration timeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.timeout = timeout;
    }

    public HttpClient client() {
        return client;
    }

    public Response get(String url) {
        return send(builder(url).GET().build());
    }

    public Response delete(String url) {
        return send(builder(url).DELETE().build());
    }

    /** POSTs {@code body}: a {@link JsonNode} or other object (serialized), a String or a byte[] (sent as-is). */
    public Response post(String url, Object body) {
        return send(builder(url).header("Content-Type", "application/json").POST(publisher(body)).build());
    }

    /** PATCHes {@code body} (serialized like {@link #post(String, Object)}). */
    public Response patch(String url, Object body) {
        return send(builder(url).header("Content-Type", "application/json").method("PATCH", publisher(body)).build());
    }

    /** POSTs with a caller-made publisher, e.g. a chunked body without Content-Length. */
    public Response post(String url, BodyPublisher body) {
        return send(builder(url).header("Content-Type", "application/json").POST(body).build());
    }

    /** POSTs and returns the response with its body unread, for streamed (NDJSON) responses. */
    public HttpResponse<InputStream> postStreaming(String url, Object body) {
        HttpRequest req = builder(url).header("Content-Type", "application/json").POST(publisher(body)).build();
        try {
            return client.send(req, BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder builder(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    }

    private static BodyPublisher publisher(Object body) {
        if (body instanceof byte[] bytes) {
            return BodyPublishers.ofByteArray(bytes);
        }
        if (body instanceof String s) {
            return BodyPublishers.ofString(s, StandardCharsets.UTF_8);
        }
        return BodyPublishers.ofByteArray(toBytes(body));
    }

    public static byte[] toBytes(Object json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + json, e);
        }
    }

    private Response send(HttpRequest req) {
        try {
            HttpResponse<byte[]> r = client.send(req, BodyHandlers.ofByteArray());
            return new Response(req.method() + " " + req.uri(), r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** A complete HTTP response. {@link #toString()} shows request, status and body for failure messages. */
    public record Response(String request, int status, HttpHeaders headers, byte[] bytes) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The body parsed as JSON; fails with the raw body in the message if it is not JSON. */
        public JsonNode json() {
            try {
                JsonNode n = MAPPER.readTree(bytes);
                if (n == null || n.isMissingNode()) {
                    throw new AssertionError("empty body, expected JSON: " + this);
                }
                return n;
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + this, e);
            }
        }

        public Optional<String> contentType() {
            return headers.firstValue("content-type");
        }

        @Override
        public String toString() {
            String b = body();
            return request + " -> " + status + " " + contentType().orElse("(no content-type)") + " "
                    + (b.length() > 2000 ? b.substring(0, 2000) + "..." : b);
        }
    }
}
