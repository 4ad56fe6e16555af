package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Value;
import dev.shoal.server.hrana.HranaRequest.Batch;
import dev.shoal.server.hrana.HranaRequest.Condition;
import dev.shoal.server.hrana.HranaRequest.SqlRef;
import dev.shoal.server.hrana.HranaRequest.Step;
import dev.shoal.server.hrana.HranaRequest.Stmt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads Hrana JSON bodies into {@link HranaRequest}s, checking every shape rule up front so that
 * a malformed request fails as a whole (HTTP 400) before any statement runs.
 */
final class HranaParser {
    /** Refuses anything but whitespace after the body's JSON value, as sqld (serde_json) does. */
    private final ObjectReader reader;
    /** Reads the usual bodies without a tree; what it gives up on is read (and worded) here. */
    private final StreamingHranaReader fast;

    HranaParser(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.fast = new StreamingHranaReader(mapper.getFactory());
    }

    record Pipeline(Optional<String> baton, List<HranaRequest> requests) {}

    record Cursor(Optional<String> baton, Batch batch) {}

    Pipeline pipeline(byte[] body, int version) {
        return fast.pipeline(body, version).orElseGet(() -> pipelineFromTree(body, version));
    }

    /** The reference reading: every shape rule, every error message. */
    Pipeline pipelineFromTree(byte[] body, int version) {
        JsonNode root = object(readTree(body), "request body");
        JsonNode requests = root.get("requests");
        if (requests == null || !requests.isArray()) {
            throw protocol("request body must have a `requests` array");
        }
        List<HranaRequest> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            out.add(request(object(requests.get(i), "requests[" + i + "]"), version, "requests[" + i + "]"));
        }
        return new Pipeline(baton(root), out);
    }

    Cursor cursor(byte[] body) {
        return fast.cursor(body).orElseGet(() -> cursorFromTree(body));
    }

    Cursor cursorFromTree(byte[] body) {
        JsonNode root = object(readTree(body), "request body");
        return new Cursor(baton(root), batch(required(root, "batch", "request body"), 3, "batch"));
    }

    private JsonNode readTree(byte[] body) {
        try {
            JsonNode node = reader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw protocol("request body is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw protocol("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw protocol("request body could not be read: " + e.getMessage());
        }
    }

    private static Optional<String> baton(JsonNode root) {
        JsonNode b = root.get("baton");
        if (b == null || b.isNull()) {
            return Optional.empty();
        }
        if (!b.isTextual()) {
            throw protocol("`baton` must be a string or null");
        }
        return Optional.of(b.asText());
    }

    private HranaRequest request(JsonNode node, int version, String where) {
        String type = text(required(node, "type", where), where + ".type");
        return switch (type) {
            case "execute" -> new HranaRequest.Execute(stmt(required(node, "stmt", where), where + ".stmt"));
            case "batch" -> new HranaRequest.RunBatch(batch(required(node, "batch", where), version, where + ".batch"));
            case "sequence" -> new HranaRequest.Sequence(sqlRef(node, where));
            case "describe" -> new HranaRequest.Describe(sqlRef(node, where));
            case "store_sql" -> new HranaRequest.StoreSql(
                    int32(required(node, "sql_id", where), where + ".sql_id"),
                    text(required(node, "sql", where), where + ".sql"));
            case "close_sql" -> new HranaRequest.CloseSql(int32(required(node, "sql_id", where), where + ".sql_id"));
            case "close" -> new HranaRequest.Close();
            case "get_autocommit" -> new HranaRequest.GetAutocommit();
            default -> throw protocol("unknown request type `" + type + "` in " + where);
        };
    }

    private Stmt stmt(JsonNode node, String where) {
        object(node, where);
        SqlRef sql = sqlRef(node, where);
        List<Value> positional = new ArrayList<>();
        JsonNode args = node.get("args");
        if (args != null && !args.isNull()) {
            array(args, where + ".args");
            for (int i = 0; i < args.size(); i++) {
                positional.add(value(args.get(i), where + ".args[" + i + "]"));
            }
        }
        List<Arguments.Named> named = new ArrayList<>();
        JsonNode namedArgs = node.get("named_args");
        if (namedArgs != null && !namedArgs.isNull()) {
            array(namedArgs, where + ".named_args");
            for (int i = 0; i < namedArgs.size(); i++) {
                String w = where + ".named_args[" + i + "]";
                JsonNode na = object(namedArgs.get(i), w);
                named.add(new Arguments.Named(text(required(na, "name", w), w + ".name"),
                        value(required(na, "value", w), w + ".value")));
            }
        }
        JsonNode wantRows = node.get("want_rows");
        boolean want = wantRows == null || wantRows.isNull() || wantRows.asBoolean(true);
        if (wantRows != null && !wantRows.isNull() && !wantRows.isBoolean()) {
            throw protocol(where + ".want_rows must be a boolean");
        }
        return new Stmt(sql, new Arguments(positional, named), want);
    }

    private static SqlRef sqlRef(JsonNode node, String where) {
        JsonNode sql = node.get("sql");
        JsonNode id = node.get("sql_id");
        boolean hasSql = sql != null && !sql.isNull();
        boolean hasId = id != null && !id.isNull();
        if (hasSql == hasId) {
            throw protocol(where + " must have exactly one of `sql` and `sql_id`"
                    + (hasSql ? ", not both" : ", neither was given"));
        }
        return hasSql ? new SqlRef(Optional.of(text(sql, where + ".sql")), Optional.empty())
                : new SqlRef(Optional.empty(), Optional.of(int32(id, where + ".sql_id")));
    }

    private Batch batch(JsonNode node, int version, String where) {
        object(node, where);
        JsonNode steps = array(required(node, "steps", where), where + ".steps");
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            String w = where + ".steps[" + i + "]";
            JsonNode step = object(steps.get(i), w);
            JsonNode cond = step.get("condition");
            Optional<Condition> c = cond == null || cond.isNull() ? Optional.empty()
                    : Optional.of(condition(cond, i, version, w + ".condition"));
            out.add(new Step(c, stmt(required(step, "stmt", w), w + ".stmt")));
        }
        return new Batch(out);
    }

    private static Condition condition(JsonNode node, int stepIndex, int version, String where) {
        object(node, where);
        String type = text(required(node, "type", where), where + ".type");
        return switch (type) {
            case "ok" -> new Condition.Ok(stepRef(node, stepIndex, where));
            case "error" -> new Condition.Error(stepRef(node, stepIndex, where));
            case "not" -> new Condition.Not(condition(required(node, "cond", where), stepIndex, version, where + ".cond"));
            case "and" -> new Condition.And(conditions(node, stepIndex, version, where));
            case "or" -> new Condition.Or(conditions(node, stepIndex, version, where));
            case "is_autocommit" -> {
                if (version < 3) {
                    throw protocol("condition `is_autocommit` needs Hrana 3 (/v3/pipeline or /v3/cursor)");
                }
                yield new Condition.IsAutocommit();
            }
            default -> throw protocol("unknown condition type `" + type + "` in " + where);
        };
    }

    private static List<Condition> conditions(JsonNode node, int stepIndex, int version, String where) {
        JsonNode conds = array(required(node, "conds", where), where + ".conds");
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < conds.size(); i++) {
            out.add(condition(conds.get(i), stepIndex, version, where + ".conds[" + i + "]"));
        }
        return out;
    }

    private static int stepRef(JsonNode node, int stepIndex, String where) {
        int step = int32(required(node, "step", where), where + ".step");
        if (step < 0 || step >= stepIndex) {
            throw protocol(where + " refers to step " + step + ", but a condition may only refer to an earlier step");
        }
        return step;
    }

    static Value value(JsonNode node, String where) {
        object(node, where);
        String type = text(required(node, "type", where), where + ".type");
        switch (type) {
            case "null":
                return Value.NULL;
            case "integer": {
                JsonNode v = required(node, "value", where);
                if (v.isTextual()) {
                    try {
                        return new Value.Integer(Long.parseLong(v.asText()));
                    } catch (NumberFormatException e) {
                        throw protocol(where + ".value `" + v.asText() + "` is not a 64-bit integer");
                    }
                }
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return new Value.Integer(v.asLong());
                }
                throw protocol(where + ".value must be a decimal string");
            }
            case "float": {
                JsonNode v = required(node, "value", where);
                if (!v.isNumber()) {
                    throw protocol(where + ".value must be a number");
                }
                return new Value.Real(v.doubleValue());
            }
            case "text":
                return new Value.Text(text(required(node, "value", where), where + ".value"));
            case "blob": {
                JsonNode v = required(node, "base64", where);
                try {
                    return new Value.Blob(Base64.getDecoder().decode(text(v, where + ".base64")));
                } catch (IllegalArgumentException e) {
                    throw protocol(where + ".base64 is not valid base64");
                }
            }
            default:
                throw protocol("unknown value type `" + type + "` in " + where);
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw protocol(where + " is missing `" + field + "`");
        }
        return v;
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw protocol(where + " must be a JSON object");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, String where) {
        if (!node.isArray()) {
            throw protocol(where + " must be an array");
        }
        return node;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw protocol(where + " must be a string");
        }
        return node.asText();
    }

    private static int int32(JsonNode node, String where) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw protocol(where + " must be a 32-bit integer");
        }
        return node.asInt();
    }

    static ShoalException protocol(String message) {
        return new ShoalException(ErrorCode.PROTOCOL_ERROR, message);
    }
}
