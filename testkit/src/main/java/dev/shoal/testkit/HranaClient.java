package dev.shoal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hrana over HTTP against one database URL (the bare server URL, or a {@code Hostname} URL such as
 * {@code http://127.0.0.1:8080/db/admin/x/}). Raw calls return what the server said; {@link Stream}
 * keeps a baton across calls and fails loudly on anything but HTTP 200.
 */
public final class HranaClient {
    private final HttpJson http;
    private final String base;

    public HranaClient(String databaseUrl) {
        this(new HttpJson(), databaseUrl);
    }

    public HranaClient(HttpJson http, String databaseUrl) {
        this.http = http;
        this.base = databaseUrl.endsWith("/") ? databaseUrl : databaseUrl + "/";
    }

    public HttpJson http() {
        return http;
    }

    /** {@code rel} resolved against the database URL, e.g. {@code url("v2/pipeline")}. */
    public String url(String rel) {
        return base + rel;
    }

    /** POSTs a pipeline body as-is (any JSON, String or bytes) to {@code v<version>/pipeline}. */
    public PipelineResult pipelineRaw(int version, Object body) {
        return new PipelineResult(http.post(url("v" + version + "/pipeline"), body));
    }

    public PipelineResult pipeline(int version, String baton, JsonNode... requests) {
        return pipelineRaw(version, Hrana.pipelineBody(baton, requests));
    }

    public PipelineResult v2(String baton, JsonNode... requests) {
        return pipeline(2, baton, requests);
    }

    public PipelineResult v3(String baton, JsonNode... requests) {
        return pipeline(3, baton, requests);
    }

    /** Runs one statement on a new stream that is closed in the same request; returns the StmtResult. */
    public JsonNode executeOnce(String sql, JsonNode... args) {
        PipelineResult r = v2(null, Hrana.execute(sql, args), Hrana.close());
        return r.requireOk().okResponse(0).get("result");
    }

    /** Rows of one statement run on a fresh stream. */
    public List<List<Object>> query(String sql, JsonNode... args) {
        return Hrana.rows(executeOnce(sql, args));
    }

    /** The single value of a one-row, one-column query run on a fresh stream. */
    public Object queryValue(String sql, JsonNode... args) {
        return Hrana.single(executeOnce(sql, args));
    }

    /** Opens {@code v3/cursor} and returns the response unread (the body streams as NDJSON). */
    public HttpResponse<InputStream> cursorStreaming(String baton, ObjectNode batch) {
        return http.postStreaming(url("v3/cursor"), Hrana.cursorBody(baton, batch));
    }

    public HttpResponse<InputStream> cursorStreamingRaw(Object body) {
        return http.postStreaming(url("v3/cursor"), body);
    }

    /** Runs a cursor to the end and returns every NDJSON line parsed (first line: baton). */
    public CursorResult cursor(String baton, ObjectNode batch) {
        HttpResponse<InputStream> r = cursorStreaming(baton, batch);
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new CursorResult(r.statusCode(), r.headers().firstValue("content-type").orElse(null),
                        List.of(), body);
            }
            return new CursorResult(200, r.headers().firstValue("content-type").orElse(null), readLines(in), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads NDJSON lines until end of stream; a last line without newline is an error. */
    public static List<JsonNode> readLines(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.isEmpty()) {
                out.add(HttpJson.parse(line));
            }
        }
        return out;
    }

    public Stream stream() {
        return new Stream(2);
    }

    public Stream streamV3() {
        return new Stream(3);
    }

    /** Result of a whole cursor: status, and either the parsed lines (200) or the error body. */
    public record CursorResult(int status, String contentType, List<JsonNode> lines, String errorBody) {
        public String baton() {
            JsonNode b = lines.get(0).get("baton");
            return b == null || b.isNull() ? null : b.asText();
        }

        /** Entries after the baton line. */
        public List<JsonNode> entries() {
            return lines.subList(1, lines.size());
        }

        public List<String> entryTypes() {
            return entries().stream().map(e -> e.path("type").asText()).toList();
        }
    }

    /** A pipeline response. */
    public record PipelineResult(HttpJson.Response http) {
        public int status() {
            return http.status();
        }

        public JsonNode json() {
            return http.json();
        }

        public PipelineResult requireOk() {
            if (http.status() != 200) {
                throw new AssertionError("expected HTTP 200: " + http);
            }
            return this;
        }

        public String baton() {
            JsonNode b = requireOk().json().get("baton");
            return b == null || b.isNull() ? null : b.asText();
        }

        public JsonNode results() {
            JsonNode r = requireOk().json().get("results");
            if (r == null || !r.isArray()) {
                throw new AssertionError("no results array: " + http);
            }
            return r;
        }

        public JsonNode result(int i) {
            return results().get(i);
        }

        /** The {@code response} of result {@code i}, which must be {@code {"type":"ok"}}. */
        public JsonNode okResponse(int i) {
            JsonNode r = result(i);
            if (!"ok".equals(r.path("type").asText())) {
                throw new AssertionError("result " + i + " is not ok: " + r + " in " + http);
            }
            return r.get("response");
        }

        /** The StmtResult of an {@code execute} at index {@code i}. */
        public JsonNode stmtResult(int i) {
            return okResponse(i).get("result");
        }

        /** The {@code error} of result {@code i}, which must be {@code {"type":"error"}}. */
        public JsonNode error(int i) {
            JsonNode r = result(i);
            if (!"error".equals(r.path("type").asText())) {
                throw new AssertionError("result " + i + " is not an error: " + r + " in " + http);
            }
            return r.get("error");
        }

        /** The {@code code} of an HTTP-level error body ({@code {"message","code"}}). */
        public String errorCode() {
            return http.json().path("code").asText(null);
        }
    }

    /** A stream that follows its baton. Every call requires HTTP 200. */
    public final class Stream {
        private final int version;
        private String baton;
        private boolean used;

        private Stream(int version) {
            this.version = version;
        }

        /** The baton for the next request (null before the first request and after close). */
        public String baton() {
            return baton;
        }

        /** Continue this stream from a baton obtained elsewhere (e.g. a cursor). */
        public Stream withBaton(String b) {
            this.baton = b;
            this.used = true;
            return this;
        }

        public PipelineResult send(JsonNode... requests) {
            if (used && baton == null) {
                throw new IllegalStateException("stream is closed");
            }
            PipelineResult r = pipeline(version, baton, requests).requireOk();
            used = true;
            baton = r.baton();
            return r;
        }

        /** Sends with the current baton without requiring 200 and without updating the baton. */
        public PipelineResult sendRaw(JsonNode... requests) {
            return pipeline(version, baton, requests);
        }

        /** Executes one statement, which must succeed; returns its StmtResult. */
        public JsonNode execute(String sql, JsonNode... args) {
            return send(Hrana.execute(sql, args)).stmtResult(0);
        }

        /** Executes one statement that must fail at statement level; returns its error. */
        public JsonNode executeError(String sql, JsonNode... args) {
            return send(Hrana.execute(sql, args)).error(0);
        }

        public List<List<Object>> query(String sql, JsonNode... args) {
            return Hrana.rows(execute(sql, args));
        }

        public Object queryValue(String sql, JsonNode... args) {
            return Hrana.single(execute(sql, args));
        }

        /** Closes the stream; the response baton must be null. */
        public void close() {
            PipelineResult r = send(Hrana.close());
            if (r.baton() != null) {
                throw new AssertionError("close must return a null baton: " + r.http());
            }
        }
    }
}
