package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A minimal Hrana-over-HTTP client for one shell session: one stream, kept alive with batons, so
 * that a transaction can span statements ({@code BEGIN} on one line, {@code COMMIT} later).
 *
 * <p>Each statement goes as {@code POST <url>v2/pipeline} with an {@code execute} request followed
 * by {@code get_autocommit}, which tells whether a transaction is open; a run of statements can
 * go as one {@code batch} request instead ({@link #executeBatch}). When the server says the
 * stream is gone ({@code STREAM_EXPIRED}: idle too long, or an unknown baton after a restart) and
 * no transaction was open, the statement is re-sent on a new stream; inside a transaction the
 * failure is reported, since the server rolled the transaction back (the same holds for a batch,
 * none of which ran). Large reads ({@code .dump}) stream through {@code v3/cursor}. Not
 * thread-safe: one request at a time.
 */
public final class HranaHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Codes meaning "the stream behind this baton no longer exists"; nothing ran. */
    private static final Set<String> STREAM_GONE = Set.of("STREAM_EXPIRED", "BATON_INVALID", "STREAM_CLOSED");

    /** Receives a cursor's result. */
    interface RowSink {
        void columns(List<String> names) throws ShellException;

        void row(List<Value> values) throws ShellException;
    }

    private final HttpClient http;
    private final URI base;
    private final URI pipelineUri;
    private final URI cursorUri;
    private final Optional<String> token;
    private String baton;
    private boolean inTransaction;
    private boolean cursorUnsupported;

    public HranaHttp(URI url, Optional<String> token) {
        this.base = withTrailingSlash(url);
        this.pipelineUri = base.resolve("v2/pipeline");
        this.cursorUri = base.resolve("v3/cursor");
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    static URI withTrailingSlash(URI url) {
        String s = url.toString();
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q); // the token travels in the header, not the URL
        }
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** True while the session's stream holds an open transaction. */
    boolean inTransaction() {
        return inTransaction;
    }

    public QueryResult execute(String sql) throws ShellException {
        return execute(sql, List.of());
    }

    /** Runs one statement on the session's stream. */
    QueryResult execute(String sql, List<Value> args) throws ShellException {
        ObjectNode execute = JSON.createObjectNode();
        execute.put("type", "execute");
        execute.set("stmt", stmt(sql, args));
        JsonNode r = pipelineWithAutocommit(execute);
        return statementResult(r.path("response").path("result"));
    }

    /**
     * What a batch did: the results of the statements that ran, in order, and the error of the
     * statement that failed (the statements after it did not run).
     */
    record BatchOutcome(List<QueryResult> results, Optional<ShellException> error) {}

    /**
     * Runs statements in order as one Hrana {@code batch} on the session's stream (one HTTP
     * request); each step after the first is conditioned on the one before it having succeeded,
     * so the batch stops at the first failing statement. A failing statement is reported in the
     * outcome; an exception means the request as a whole failed and no statement ran.
     */
    BatchOutcome executeBatch(List<String> sqls) throws ShellException {
        ObjectNode batch = JSON.createObjectNode();
        batch.put("type", "batch");
        ArrayNode steps = batch.putObject("batch").putArray("steps");
        for (int i = 0; i < sqls.size(); i++) {
            ObjectNode step = steps.addObject();
            if (i > 0) {
                ObjectNode cond = step.putObject("condition");
                cond.put("type", "ok");
                cond.put("step", i - 1);
            }
            step.set("stmt", stmt(sqls.get(i), List.of()));
        }
        JsonNode r = pipelineWithAutocommit(batch);
        JsonNode result = r.path("response").path("result");
        JsonNode stepResults = result.path("step_results");
        JsonNode stepErrors = result.path("step_errors");
        if (!stepResults.isArray() || !stepErrors.isArray() || stepResults.size() != sqls.size()
                || stepErrors.size() != sqls.size()) {
            throw protocol("the batch response does not hold one result and one error per statement");
        }
        List<QueryResult> results = new ArrayList<>(sqls.size());
        for (int i = 0; i < sqls.size(); i++) {
            JsonNode e = stepErrors.get(i);
            if (e.isObject()) {
                return new BatchOutcome(results, Optional.of(error(e)));
            }
            JsonNode res = stepResults.get(i);
            if (!res.isObject()) {
                throw protocol("statement " + (i + 1) + " of the batch was skipped although none before it failed");
            }
            results.add(statementResult(res));
        }
        return new BatchOutcome(results, Optional.empty());
    }

    private static ObjectNode stmt(String sql, List<Value> args) {
        ObjectNode stmt = JSON.createObjectNode();
        stmt.put("sql", sql);
        ArrayNode a = stmt.putArray("args");
        for (Value v : args) {
            a.add(HranaValues.toJson(v));
        }
        stmt.put("want_rows", true);
        return stmt;
    }

    /**
     * Sends {@code request} followed by {@code get_autocommit} (which tells whether a transaction
     * is open); returns the request's result, or throws its error.
     */
    private JsonNode pipelineWithAutocommit(ObjectNode request) throws ShellException {
        ObjectNode autocommit = JSON.createObjectNode();
        autocommit.put("type", "get_autocommit");

        JsonNode body = pipeline(List.of(request, autocommit), true);
        JsonNode results = body.get("results");
        if (results == null || !results.isArray() || results.size() != 2) {
            throw protocol("the pipeline response does not hold one result per request");
        }
        JsonNode ac = results.get(1);
        if ("ok".equals(ac.path("type").asText()) && ac.path("response").has("is_autocommit")) {
            inTransaction = !ac.path("response").path("is_autocommit").asBoolean(true);
        }
        JsonNode r = results.get(0);
        if ("error".equals(r.path("type").asText())) {
            throw error(r.path("error"));
        }
        if (!"ok".equals(r.path("type").asText())) {
            throw protocol("unexpected result type " + r.path("type"));
        }
        return r;
    }

    /**
     * Runs one read through {@code v3/cursor}, handing rows over as they arrive (falls back to a
     * plain execute when the server has no cursor endpoint).
     */
    void query(String sql, RowSink sink) throws ShellException {
        if (cursorUnsupported) {
            queryByExecute(sql, sink);
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("baton", baton);
        ObjectNode stmt = JSON.createObjectNode();
        stmt.put("sql", sql);
        stmt.putArray("args");
        stmt.put("want_rows", true);
        ObjectNode step = JSON.createObjectNode();
        step.set("stmt", stmt);
        body.putObject("batch").putArray("steps").add(step);

        for (int attempt = 0; ; attempt++) {
            String sent = baton;
            body.put("baton", sent);
            HttpResponse<InputStream> res = send(cursorUri, body, HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() == 404) {
                drain(res.body());
                cursorUnsupported = true;
                queryByExecute(sql, sink);
                return;
            }
            if (res.statusCode() != 200) {
                ShellException e = httpError(res.statusCode(), res.headers().firstValue("content-type").orElse(""),
                        readAll(res.body()));
                if (recoverable(sent, e, attempt)) {
                    continue;
                }
                throw e;
            }
            readCursor(res.body(), sink);
            return;
        }
    }

    private void queryByExecute(String sql, RowSink sink) throws ShellException {
        QueryResult r = execute(sql);
        sink.columns(r.columns());
        for (List<Value> row : r.rows()) {
            sink.row(row);
        }
    }

    private void readCursor(InputStream in, RowSink sink) throws ShellException {
        ShellException failure = null;
        boolean sawBaton = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                if (!sawBaton) {
                    sawBaton = true;
                    JsonNode b = e.get("baton");
                    baton = b == null || b.isNull() ? null : b.asText();
                    continue;
                }
                if (failure != null) {
                    continue; // keep reading so the stream is handed back
                }
                switch (e.path("type").asText()) {
                    case "step_begin" -> {
                        List<String> cols = new ArrayList<>();
                        for (JsonNode c : e.path("cols")) {
                            cols.add(c.path("name").isNull() ? "" : c.path("name").asText(""));
                        }
                        sink.columns(cols);
                    }
                    case "row" -> {
                        List<Value> row = new ArrayList<>();
                        for (JsonNode v : e.path("row")) {
                            row.add(HranaValues.fromJson(v));
                        }
                        sink.row(row);
                    }
                    case "step_error", "error" -> failure = error(e.path("error"));
                    default -> { }
                }
            }
        } catch (ShellException e) {
            drain(in);
            throw e;
        } catch (IOException e) {
            baton = null;
            inTransaction = false;
            throw new ShellException("the connection to " + base + " failed while reading: " + describe(e));
        }
        if (!sawBaton) {
            throw protocol("empty cursor response");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Ends the stream (rolling back an open transaction); errors are ignored. */
    @Override
    public void close() {
        if (baton != null) {
            ObjectNode close = JSON.createObjectNode();
            close.put("type", "close");
            try {
                pipeline(List.of(close), false);
            } catch (ShellException | RuntimeException ignored) {
                // the server drops idle streams anyway
            }
            baton = null;
            inTransaction = false;
        }
        http.close();
    }

    // ------------------------------------------------------------------------------------------

    /** Sends one pipeline on the session's stream; {@code reopen}: re-send on a new stream if it is gone. */
    private JsonNode pipeline(List<ObjectNode> requests, boolean reopen) throws ShellException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode reqs = body.putArray("requests");
        requests.forEach(reqs::add);
        for (int attempt = 0; ; attempt++) {
            String sent = baton;
            body.put("baton", sent);
            HttpResponse<byte[]> res = send(pipelineUri, body, HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
                ShellException e = httpError(res.statusCode(), res.headers().firstValue("content-type").orElse(""),
                        new String(res.body(), StandardCharsets.UTF_8));
                if (recoverable(sent, e, reopen ? attempt : 1)) {
                    continue;
                }
                throw e;
            }
            JsonNode tree;
            try {
                tree = JSON.readTree(res.body());
            } catch (IOException e) {
                baton = null;
                inTransaction = false;
                throw protocol("the server's response is not JSON");
            }
            JsonNode b = tree.get("baton");
            baton = b == null || b.isNull() ? null : b.asText();
            if (baton == null) {
                inTransaction = false;
            }
            return tree;
        }
    }

    /**
     * After a failed request: true when it should be re-sent on a new stream. The stream is
     * forgotten in any case (a failed HTTP request ends it on the server).
     */
    private boolean recoverable(String sentBaton, ShellException e, int attempt) throws ShellException {
        boolean wasInTransaction = inTransaction;
        baton = null;
        inTransaction = false;
        if (sentBaton == null || attempt > 0 || e.code().isEmpty() || !STREAM_GONE.contains(e.code().get())) {
            return false;
        }
        if (wasInTransaction) {
            throw new ShellException(e.code().get(),
                    e.getMessage() + "; the open transaction was rolled back, so the statement did not run");
        }
        return true;
    }

    private <T> HttpResponse<T> send(URI uri, JsonNode body, HttpResponse.BodyHandler<T> handler)
            throws ShellException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ShellException(e.getMessage());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            return http.send(b.build(), handler);
        } catch (InterruptedException e) {
            // the request is abandoned and with it the stream (the server rolls it back when it expires)
            Thread.currentThread().interrupt();
            boolean wasInTransaction = inTransaction;
            baton = null;
            inTransaction = false;
            throw new ShellException(wasInTransaction ? "interrupted; the open transaction is abandoned" : "interrupted");
        } catch (IOException e) {
            baton = null;
            inTransaction = false;
            throw new ShellException("could not reach " + base + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static ShellException httpError(int status, String contentType, String body) {
        if (contentType.startsWith("application/json")) {
            try {
                JsonNode n = JSON.readTree(body);
                String message = n.hasNonNull("message") ? n.get("message").asText()
                        : n.hasNonNull("error") ? n.get("error").asText() : null;
                if (message != null) {
                    String code = n.hasNonNull("code") ? n.get("code").asText() : null;
                    return new ShellException(code, message);
                }
            } catch (IOException ignored) {
                // fall through to the generic message
            }
        }
        String text = body == null ? "" : body.strip();
        return new ShellException("SERVER_ERROR",
                "Server returned HTTP status " + status + (text.isEmpty() ? "" : ": " + text));
    }

    private static ShellException error(JsonNode e) {
        String message = e.path("message").asText("unknown error");
        JsonNode code = e.get("code");
        return new ShellException(code == null || code.isNull() ? null : code.asText(), message);
    }

    private static QueryResult statementResult(JsonNode result) throws ShellException {
        if (!result.isObject()) {
            throw protocol("execute response without a result");
        }
        List<String> cols = new ArrayList<>();
        for (JsonNode c : result.path("cols")) {
            JsonNode name = c.get("name");
            cols.add(name == null || name.isNull() ? "" : name.asText());
        }
        List<List<Value>> rows = new ArrayList<>();
        for (JsonNode r : result.path("rows")) {
            List<Value> row = new ArrayList<>(r.size());
            for (JsonNode v : r) {
                row.add(HranaValues.fromJson(v));
            }
            rows.add(row);
        }
        return new QueryResult(cols, rows);
    }

    private static ShellException protocol(String message) {
        return new ShellException("HRANA_PROTO_ERROR", message);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // nothing to hand back
        }
    }
}
