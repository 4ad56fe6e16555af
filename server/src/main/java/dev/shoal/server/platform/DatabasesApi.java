package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.DatabaseAddressing;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Platform API database routes: create, list, get, delete under
 * {@code /v1/organizations/{org}/databases}, also answered without the {@code /v1} prefix (the
 * TypeScript client drops it when its base URL lacks a trailing slash).
 */
public final class DatabasesApi implements HttpService {
    private final DatabaseService databases;
    private final DatabaseAddressing addressing;
    private final ObjectMapper mapper;
    private final HttpIo io;

    public DatabasesApi(DatabaseService databases, DatabaseAddressing addressing, ObjectMapper mapper, HttpIo io) {
        this.databases = databases;
        this.addressing = addressing;
        this.mapper = mapper;
        this.io = io;
    }

    @Override
    public void routing(HttpRules rules) {
        for (String prefix : new String[] {"/v1", ""}) {
            String base = prefix + "/organizations/{org}/databases";
            rules.get(base, guarded(this::list));
            rules.post(base, guarded(this::create));
            rules.get(base + "/{db}", guarded(this::get));
            rules.delete(base + "/{db}", guarded(this::delete));
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("databases");
        for (DatabaseRecord db : databases.list(param(req, "org"))) {
            arr.add(databaseObject(db));
        }
        out.putObject("pagination").putNull("next");
        send(res, out);
    }

    private void get(ServerRequest req, ServerResponse res) {
        ObjectNode out = mapper.createObjectNode();
        out.set("database", databaseObject(databases.get(param(req, "org"), param(req, "db"))));
        send(res, out);
    }

    private void create(ServerRequest req, ServerResponse res) {
        JsonNode body = readObject(req);
        String name = textField(body, "name").orElseThrow(() ->
                new ShoalException(ErrorCode.INVALID_REQUEST, "`name` is required"));
        DatabaseRecord db = databases.create(param(req, "org"), name, textField(body, "group"));
        ObjectNode out = mapper.createObjectNode();
        ObjectNode d = out.putObject("database");
        d.put("DbId", db.id().toString());
        d.put("Hostname", addressing.hostname(db));
        d.put("Name", db.name());
        send(res, out);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        DatabaseRecord db = databases.delete(param(req, "org"), param(req, "db"));
        ObjectNode out = mapper.createObjectNode();
        out.put("database", db.name());
        send(res, out);
    }

    /** The database object with Turso's mixed casing ({@code Name}, {@code DbId}, {@code Hostname}, snake_case rest). */
    ObjectNode databaseObject(DatabaseRecord db) {
        ObjectNode d = mapper.createObjectNode();
        d.put("Name", db.name());
        d.put("DbId", db.id().toString());
        d.put("Hostname", addressing.hostname(db));
        d.putArray("regions").add("local");
        d.put("primaryRegion", "local");
        d.put("type", "logical");
        d.put("database_type", "libsql");
        d.put("version", "shoal");
        d.put("group", db.group());
        d.put("sleeping", false);
        d.put("archived", false);
        d.put("allow_attach", false);
        d.put("block_reads", false);
        d.put("block_writes", false);
        d.put("delete_protection", false);
        d.put("is_schema", db.kind() == DatabaseKind.SCHEMA);
        d.put("schema", db.parent().orElse(""));
        return d;
    }

    private JsonNode readObject(ServerRequest req) {
        byte[] body = io.body(req);
        if (body.length == 0) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "request body is required (a JSON object)");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "request body is not valid JSON");
        }
    }

    /** Field lookup ignoring key case: the Go server decodes case-insensitively and the CLI relies on it. */
    private static Optional<String> textField(JsonNode obj, String name) {
        for (var it = obj.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
                if (!e.getValue().isTextual()) {
                    throw new ShoalException(ErrorCode.INVALID_REQUEST, "`" + name + "` must be a string");
                }
                return Optional.of(e.getValue().asText());
            }
        }
        return Optional.empty();
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    private void send(ServerResponse res, JsonNode body) {
        try {
            HttpIo.json(res, 200, mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new ShoalException(ErrorCode.INTERNAL, "cannot encode response", e);
        }
    }

    private static Handler guarded(Handler h) {
        return (req, res) -> {
            try {
                h.handle(req, res);
            } catch (RuntimeException e) {
                ErrorBodies.platform(res, ErrorBodies.classify(e));
            }
        };
    }
}
