package dev.shoal.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.cli.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A small client of Shoal's Platform API: JSON in, JSON out, the server's {@code error} text
 * turned into a {@link CliException} (the CLI prints it as {@code Error: …}).
 */
public final class ApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ApiClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    public URI base() {
        return base;
    }

    public Optional<String> token() {
        return token;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends raw bytes (uploads). */
    public JsonNode upload(String path, byte[] bytes) {
        return exchange(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/octet-stream").build());
    }

    /**
     * Percent-encodes a path segment or query value. A space becomes {@code %20}, not the form
     * encoding's {@code +}, which a path keeps as a literal plus (errors would name `a+b`).
     */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode send(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new CliException("cannot encode request: " + e.getMessage(), e);
        }
        return exchange(request(path).method(method, publisher).header("Content-Type", "application/json").build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("User-Agent", "shoal-cli");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private JsonNode exchange(HttpRequest req) {
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Shoal server at " + base + " (is it running?)", e);
        } catch (IOException e) {
            throw new CliException("request to " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        }
        JsonNode body = parse(res.body());
        if (res.statusCode() / 100 != 2) {
            String msg = body != null && body.hasNonNull("error") ? body.get("error").asText()
                    : "response failed with status " + res.statusCode() + " (" + new String(res.body(), StandardCharsets.UTF_8).trim() + ")";
            throw new ApiError(res.statusCode(), msg);
        }
        return body == null ? MAPPER.createObjectNode() : body;
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** A non-2xx answer: the server's message and status. */
    public static final class ApiError extends RuntimeException {
        private final int status;

        public ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
