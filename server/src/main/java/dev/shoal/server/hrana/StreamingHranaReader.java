package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Value;
import dev.shoal.server.hrana.HranaParser.Cursor;
import dev.shoal.server.hrana.HranaParser.Pipeline;
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
 * The fast path of {@link HranaParser}: reads a well-formed body in one pass with Jackson's
 * streaming parser straight into {@link HranaRequest}s, without building a JSON tree. It accepts
 * only what it can read exactly as the tree reading would (objects that name their {@code type}
 * first, as every client writes them; no repeated field it reads) and gives up on anything else:
 * a shape error, an unusual number, a {@code type} given late. Then the tree reading decides, so
 * every error keeps its one wording. It never throws.
 */
final class StreamingHranaReader {
    /** Thrown to abandon the fast path; preallocated, without a stack trace (it is not an error). */
    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super("not the fast path's shape", null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private final JsonFactory factory;

    StreamingHranaReader(JsonFactory factory) {
        this.factory = factory;
    }

    Optional<Pipeline> pipeline(byte[] body, int version) {
        try (JsonParser p = factory.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            Optional<String> baton = Optional.empty();
            List<HranaRequest> requests = null;
            int seen = 0;
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                switch (f) {
                    case "baton" -> {
                        seen = once(seen, 1);
                        baton = baton(p.nextToken(), p);
                    }
                    case "requests" -> {
                        seen = once(seen, 2);
                        requests = requests(p, version);
                    }
                    default -> skipValue(p);
                }
            }
            return Optional.of(new Pipeline(baton, present(requests))).filter(x -> atEnd(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<Cursor> cursor(byte[] body) {
        try (JsonParser p = factory.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            Optional<String> baton = Optional.empty();
            Batch batch = null;
            int seen = 0;
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                switch (f) {
                    case "baton" -> {
                        seen = once(seen, 1);
                        baton = baton(p.nextToken(), p);
                    }
                    case "batch" -> {
                        seen = once(seen, 2);
                        batch = batch(p, 3);
                    }
                    default -> skipValue(p);
                }
            }
            return Optional.of(new Cursor(baton, present(batch))).filter(x -> atEnd(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Only whitespace may follow the body's value (as {@code FAIL_ON_TRAILING_TOKENS} wants). */
    private static boolean atEnd(JsonParser p) {
        try {
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> baton(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        expect(t, JsonToken.VALUE_STRING);
        return Optional.of(p.getText());
    }

    private static List<HranaRequest> requests(JsonParser p, int version) throws IOException {
        expect(p.nextToken(), JsonToken.START_ARRAY);
        List<HranaRequest> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            out.add(request(p, version));
        }
        return out;
    }

    private static HranaRequest request(JsonParser p, int version) throws IOException {
        return switch (firstType(p)) {
            case "execute" -> new HranaRequest.Execute(present(stmtField(p)));
            case "batch" -> new HranaRequest.RunBatch(present(batchField(p, version)));
            case "sequence" -> new HranaRequest.Sequence(sqlRefFields(p));
            case "describe" -> new HranaRequest.Describe(sqlRefFields(p));
            case "close" -> {
                skipRest(p);
                yield new HranaRequest.Close();
            }
            case "get_autocommit" -> {
                skipRest(p);
                yield new HranaRequest.GetAutocommit();
            }
            default -> throw GIVE_UP; // store_sql, close_sql and unknown types: the tree reading
        };
    }

    /** The object's first field, which must be {@code "type": "<string>"}. */
    private static String firstType(JsonParser p) throws IOException {
        if (!"type".equals(p.nextFieldName())) {
            throw GIVE_UP;
        }
        expect(p.nextToken(), JsonToken.VALUE_STRING);
        return p.getText();
    }

    /** The rest of an object whose fields are not needed (a second {@code type} would win in the tree). */
    private static void skipRest(JsonParser p) throws IOException {
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals("type")) {
                throw GIVE_UP;
            }
            skipValue(p);
        }
    }

    private static Stmt stmtField(JsonParser p) throws IOException {
        Stmt stmt = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals("stmt") && stmt == null) {
                expect(p.nextToken(), JsonToken.START_OBJECT);
                stmt = stmt(p);
            } else if (f.equals("type") || f.equals("stmt")) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        return stmt;
    }

    private static Batch batchField(JsonParser p, int version) throws IOException {
        Batch batch = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals("batch") && batch == null) {
                batch = batch(p, version);
            } else if (f.equals("type") || f.equals("batch")) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        return batch;
    }

    /** {@code sql} / {@code sql_id} of a sequence or describe request: exactly one, a null counting as absent. */
    private static SqlRef sqlRefFields(JsonParser p) throws IOException {
        SqlParts parts = new SqlParts();
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (!parts.read(f, p)) {
                if (f.equals("type")) {
                    throw GIVE_UP;
                }
                skipValue(p);
            }
        }
        return parts.ref();
    }

    /** The SQL fields of an object as they are read, in any order. */
    private static final class SqlParts {
        private int seen;
        private String sql;
        private Integer sqlId;

        /** Reads field {@code f} if it is {@code sql} or {@code sql_id}; false for any other field. */
        boolean read(String f, JsonParser p) throws IOException {
            if (f.equals("sql")) {
                seen = once(seen, 1);
                JsonToken t = p.nextToken();
                if (t != JsonToken.VALUE_NULL) {
                    expect(t, JsonToken.VALUE_STRING);
                    sql = p.getText();
                }
                return true;
            }
            if (f.equals("sql_id")) {
                seen = once(seen, 2);
                JsonToken t = p.nextToken();
                if (t != JsonToken.VALUE_NULL) {
                    sqlId = int32(t, p);
                }
                return true;
            }
            return false;
        }

        SqlRef ref() {
            if ((sql == null) == (sqlId == null)) {
                throw GIVE_UP;
            }
            return sql != null ? new SqlRef(Optional.of(sql), Optional.empty()) : new SqlRef(Optional.empty(), Optional.of(sqlId));
        }
    }

    /** A statement object, its START_OBJECT just read. */
    private static Stmt stmt(JsonParser p) throws IOException {
        SqlParts sql = new SqlParts();
        List<Value> positional = List.of();
        List<Arguments.Named> named = List.of();
        boolean wantRows = true;
        int seen = 0;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (sql.read(f, p)) {
                continue;
            }
            switch (f) {
                case "args" -> {
                    seen = once(seen, 1);
                    positional = args(p);
                }
                case "named_args" -> {
                    seen = once(seen, 2);
                    named = namedArgs(p);
                }
                case "want_rows" -> {
                    seen = once(seen, 4);
                    JsonToken t = p.nextToken();
                    wantRows = t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_TRUE;
                    if (t != JsonToken.VALUE_NULL && !t.isBoolean()) {
                        throw GIVE_UP;
                    }
                }
                default -> skipValue(p);
            }
        }
        return new Stmt(sql.ref(), new Arguments(positional, named), wantRows);
    }

    private static List<Value> args(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(t, JsonToken.START_ARRAY);
        List<Value> out = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            out.add(value(p));
        }
        return out;
    }

    private static List<Arguments.Named> namedArgs(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(t, JsonToken.START_ARRAY);
        List<Arguments.Named> out = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            out.add(named(p));
        }
        return out;
    }

    private static Arguments.Named named(JsonParser p) throws IOException {
        String name = null;
        Value value = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals("name") && name == null) {
                expect(p.nextToken(), JsonToken.VALUE_STRING);
                name = p.getText();
            } else if (f.equals("value") && value == null) {
                expect(p.nextToken(), JsonToken.START_OBJECT);
                value = value(p);
            } else if (f.equals("name") || f.equals("value")) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        return new Arguments.Named(present(name), present(value));
    }

    /** A value object, its START_OBJECT just read. */
    private static Value value(JsonParser p) throws IOException {
        String type = firstType(p);
        if (type.equals("null")) {
            skipRest(p);
            return Value.NULL;
        }
        String field = type.equals("blob") ? "base64" : "value";
        Value v = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals(field) && v == null) {
                v = valueOf(type, p.nextToken(), p);
            } else if (f.equals("type") || f.equals(field)) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        return present(v);
    }

    private static Value valueOf(String type, JsonToken t, JsonParser p) throws IOException {
        switch (type) {
            case "integer" -> {
                if (t == JsonToken.VALUE_STRING) {
                    return new Value.Integer(Long.parseLong(p.getText())); // a bad number gives up
                }
                expect(t, JsonToken.VALUE_NUMBER_INT);
                return new Value.Integer(smallNumber(p).longValue());
            }
            case "float" -> {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    return new Value.Real(smallNumber(p).doubleValue());
                }
                expect(t, JsonToken.VALUE_NUMBER_FLOAT);
                return new Value.Real(p.getDoubleValue());
            }
            case "text" -> {
                expect(t, JsonToken.VALUE_STRING);
                return new Value.Text(p.getText());
            }
            case "blob" -> {
                expect(t, JsonToken.VALUE_STRING);
                return new Value.Blob(Base64.getDecoder().decode(p.getText())); // bad base64 gives up
            }
            default -> throw GIVE_UP;
        }
    }

    /** An integer token that fits a long (the tree reading's wording covers bigger ones). */
    private static Number smallNumber(JsonParser p) throws IOException {
        JsonParser.NumberType n = p.getNumberType();
        if (n != JsonParser.NumberType.INT && n != JsonParser.NumberType.LONG) {
            throw GIVE_UP;
        }
        return p.getLongValue();
    }

    private static int int32(JsonToken t, JsonParser p) throws IOException {
        expect(t, JsonToken.VALUE_NUMBER_INT);
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw GIVE_UP;
        }
        return p.getIntValue();
    }

    private static Batch batch(JsonParser p, int version) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        List<Step> steps = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (f.equals("steps") && steps == null) {
                steps = steps(p, version);
            } else if (f.equals("steps")) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        return new Batch(present(steps));
    }

    private static List<Step> steps(JsonParser p, int version) throws IOException {
        expect(p.nextToken(), JsonToken.START_ARRAY);
        List<Step> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            out.add(step(p, out.size(), version));
        }
        return out;
    }

    private static Step step(JsonParser p, int index, int version) throws IOException {
        Optional<Condition> condition = Optional.empty();
        Stmt stmt = null;
        int seen = 0;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            switch (f) {
                case "condition" -> {
                    seen = once(seen, 1);
                    JsonToken t = p.nextToken();
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT);
                        condition = Optional.of(condition(p, index, version));
                    }
                }
                case "stmt" -> {
                    seen = once(seen, 2);
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    stmt = stmt(p);
                }
                default -> skipValue(p);
            }
        }
        return new Step(condition, present(stmt));
    }

    /** A condition object, its START_OBJECT just read. */
    private static Condition condition(JsonParser p, int stepIndex, int version) throws IOException {
        String type = firstType(p);
        String field = conditionField(type);
        Condition c = null;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            if (c == null && f.equals(field)) {
                c = conditionBody(type, p, stepIndex, version);
            } else if (f.equals("type") || f.equals(field)) {
                throw GIVE_UP;
            } else {
                skipValue(p);
            }
        }
        if (type.equals("is_autocommit") && version >= 3) {
            return new Condition.IsAutocommit();
        }
        return present(c);
    }

    /** The field holding a condition's operand; null for {@code is_autocommit}, which has none. */
    private static String conditionField(String type) {
        return switch (type) {
            case "ok", "error" -> "step";
            case "not" -> "cond";
            case "and", "or" -> "conds";
            case "is_autocommit" -> null;
            default -> throw GIVE_UP;
        };
    }

    private static Condition conditionBody(String type, JsonParser p, int stepIndex, int version) throws IOException {
        JsonToken t = p.nextToken();
        switch (type) {
            case "ok", "error" -> {
                int step = int32(t, p);
                if (step < 0 || step >= stepIndex) {
                    throw GIVE_UP;
                }
                return type.equals("ok") ? new Condition.Ok(step) : new Condition.Error(step);
            }
            case "not" -> {
                expect(t, JsonToken.START_OBJECT);
                return new Condition.Not(condition(p, stepIndex, version));
            }
            default -> { // and, or
                expect(t, JsonToken.START_ARRAY);
                List<Condition> conds = new ArrayList<>();
                for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    expect(t, JsonToken.START_OBJECT);
                    conds.add(condition(p, stepIndex, version));
                }
                return type.equals("and") ? new Condition.And(conds) : new Condition.Or(conds);
            }
        }
    }

    private static void skipValue(JsonParser p) throws IOException {
        p.nextToken();
        p.skipChildren();
    }

    private static int once(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw GIVE_UP; // a repeated field: the tree keeps the last one; leave that to it
        }
        return seen | bit;
    }

    private static <T> T present(T value) {
        if (value == null) {
            throw GIVE_UP;
        }
        return value;
    }

    private static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw GIVE_UP;
        }
    }
}
