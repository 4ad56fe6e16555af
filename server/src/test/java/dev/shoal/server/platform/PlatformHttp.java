package dev.shoal.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.HttpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Test helper: Platform API (and Hrana) calls with an optional {@code Authorization: Bearer}
 * header, plus the assertions every Platform API test makes (exact status, content type
 * {@code application/json}, JSON body). Shared by the platform and auth tests.
 */
public final class PlatformHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String base;
    private final String authorization;

    /** Calls to {@code baseUrl} with {@code Authorization: Bearer <token>} ({@code null}: no header). */
    public PlatformHttp(String baseUrl, String token) {
        this(baseUrl, token == null ? null : "Bearer " + token, true);
    }

    private PlatformHttp(String baseUrl, String authorization, boolean raw) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = authorization;
    }

    /** The same server with another bearer token ({@code null}: no Authorization header). */
    public PlatformHttp as(String otherToken) {
        return new PlatformHttp(base, otherToken);
    }

    /** The same server with this exact Authorization header value. */
    public PlatformHttp withAuthorizationHeader(String value) {
        return new PlatformHttp(base, value, true);
    }

    public String base() {
        return base;
    }

    public HttpJson.Response get(String path) {
        return send("GET", path, null, null);
    }

    public HttpJson.Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public HttpJson.Response post(String path, Object body) {
        return send("POST", path, body == null ? null : json(body), "application/json");
    }

    public HttpJson.Response post(String path) {
        return send("POST", path, null, null);
    }

    public HttpJson.Response patch(String path, Object body) {
        return send("PATCH", path, json(body), "application/json");
    }

    /** A request whose body is sent verbatim with the given content type (null: no Content-Type header). */
    public HttpJson.Response send(String method, String path, String body, String contentType) {
        String url = path.startsWith("http://") ? path : base + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpRequest req = b.build();
        try {
            var r = CLIENT.send(req, BodyHandlers.ofByteArray());
            return new HttpJson.Response(method + " " + url, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String json(Object body) {
        return body instanceof String s ? s : new String(HttpJson.toBytes(body), StandardCharsets.UTF_8);
    }

    /** A fresh JSON object node, for building request bodies. */
    public static ObjectNode obj() {
        return HttpJson.MAPPER.createObjectNode();
    }

    /** A parsed JSON literal (single quotes allowed for readability: they are turned into double quotes). */
    public static JsonNode js(String singleQuoted) {
        return HttpJson.parse(singleQuoted.replace('\'', '"'));
    }

    // ---- assertions ----

    /** 200, content type exactly application/json; returns the body. */
    public static JsonNode ok(HttpJson.Response r) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(200);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        return r.json();
    }

    /** An error: exact status, content type application/json, body exactly {"error": message}. */
    public static void error(HttpJson.Response r, int status, String message) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        JsonNode expected = obj().put("error", message);
        assertThat(r.json()).as("body of %s", r).isEqualTo(expected);
    }

    /** An error with exact status and content type, body {"error": "<text containing fragment>"} only. */
    public static String errorContaining(HttpJson.Response r, int status, String fragment) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        JsonNode body = r.json();
        assertThat(body.isObject() && body.size() == 1 && body.path("error").isTextual())
                .as("body of %s must be exactly {\"error\": \"…\"}", r).isTrue();
        assertThat(body.get("error").asText()).as("error of %s", r).contains(fragment);
        return body.get("error").asText();
    }
}
