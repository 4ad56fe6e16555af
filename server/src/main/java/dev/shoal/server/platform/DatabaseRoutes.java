package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.db.CreateDatabase;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.db.Names;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.Group;
import io.helidon.http.Method;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Databases: list, create, get, delete, configuration, usage, instances, tokens. */
final class DatabaseRoutes {
    private final PlatformServices s;
    private final PlatformJson json;
    private final Uploads uploads;

    DatabaseRoutes(PlatformServices services, PlatformJson json, Uploads uploads) {
        this.s = services;
        this.json = json;
        this.uploads = uploads;
    }

    /** Creating (copy, import), deleting and reconfiguring (closes handles) do SQLite file work: SQL threads. */
    void register(PlatformRoutes r) {
        r.orgScoped(Method.GET, "/databases", this::list);
        r.orgScoped(Method.POST, "/databases", r.onSqlThreads(this::create));
        r.orgScoped(Method.POST, "/databases/dumps", this::upload);
        r.orgScoped(Method.GET, "/databases/{db}", this::get);
        r.orgScoped(Method.DELETE, "/databases/{db}", r.onSqlThreads(this::delete));
        r.orgScoped(Method.GET, "/databases/{db}/configuration", this::configuration);
        r.orgScoped(Method.PATCH, "/databases/{db}/configuration", r.onSqlThreads(this::configure));
        r.orgScoped(Method.GET, "/databases/{db}/usage", this::usage);
        r.orgScoped(Method.GET, "/databases/{db}/jobs", c -> s.jobs().list(database(c, Scope.READ)));
        r.orgScoped(Method.GET, "/databases/{db}/jobs/{job}", c -> s.jobs().detail(database(c, Scope.READ),
                c.param("job")));
        r.orgScoped(Method.POST, "/databases/{db}/migrations/plan", r.onSqlThreads(c -> s.jobs().plan(
                database(c, Scope.DB_CONFIGURE), c.body().text("sql").orElseThrow(() -> new ShoalException(
                        ErrorCode.INVALID_REQUEST, "`sql` is required: the migration to plan")))));
        r.orgScoped(Method.POST, "/databases/{db}/migrations", r.onSqlThreads(this::submitMigration));
        r.orgScoped(Method.POST, "/databases/{db}/jobs/{job}/retry", r.onSqlThreads(c -> s.jobs().retry(
                database(c, Scope.DB_CONFIGURE), c.param("job"))));
        for (String verb : List.of("pause", "resume", "cancel", "promote")) {
            r.orgScoped(Method.POST, "/databases/{db}/jobs/{job}/" + verb, c -> s.jobs().control(
                    database(c, Scope.DB_CONFIGURE), c.param("job"), verb));
        }
        r.orgScoped(Method.POST, "/databases/{db}/schema/repair", r.onSqlThreads(c -> s.jobs().repair(
                database(c, Scope.DB_CONFIGURE))));
        r.orgScoped(Method.GET, "/databases/{db}/schema/check", r.onSqlThreads(c -> s.jobs().check(
                database(c, Scope.READ))));
        r.orgScoped(Method.GET, "/databases/{db}/instances", this::instances);
        r.orgScoped(Method.GET, "/databases/{db}/instances/{instance}", this::instance);
        r.orgScoped(Method.POST, "/databases/{db}/auth/tokens", this::createToken);
        r.orgScoped(Method.POST, "/databases/{db}/auth/rotate", this::rotate);
        r.orgScoped(Method.POST, "/databases/{db}/update", this::updateVersion);
    }

    /** The database named in the path, after checking the caller may do {@code scope} on its group. */
    private DatabaseRecord database(Call c, Scope scope) {
        s.accounts().organization(c.org());
        c.principal().requireMember(s.accountCatalog(), c.org());
        DatabaseRecord db = s.databases().get(c.org(), c.param("db"));
        c.principal().require(s.accountCatalog(), c.org(), Optional.of(db.group()), scope);
        return db;
    }

    private ObjectNode list(Call c) {
        s.accounts().organization(c.org());
        Optional<String> group = c.query("group").or(() -> c.principal().groupLimit());
        c.principal().require(s.accountCatalog(), c.org(), group, Scope.READ);
        int limit = c.query("limit").map(DatabaseRoutes::limit).orElse(DatabaseQuery.MAX_LIMIT);
        Optional<DatabaseKind> kind = c.query("type").map(t -> switch (t) {
            case "schema" -> DatabaseKind.SCHEMA;
            case "regular" -> DatabaseKind.REGULAR;
            case "child" -> DatabaseKind.CHILD;
            default -> throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid type `" + t
                    + "`: use schema, regular or child");
        });
        Optional<UUID> parent = c.query("parent").map(p -> {
            try {
                return UUID.fromString(p);
            } catch (IllegalArgumentException e) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "`parent` must be a database id (DbId)");
            }
        });
        DatabaseQuery query = new DatabaseQuery(group, Optional.empty(), kind, parent, limit, c.query("cursor"),
                c.query("prefix").map(DatabaseRoutes::namePrefix));
        List<DatabaseRecord> page = c.query("schema")
                .map(schema -> s.databases().listChildren(c.org(), schema, query))
                .orElseGet(() -> s.databases().list(c.org(), query));
        ObjectNode o = json.object();
        ArrayNode arr = o.putArray("databases");
        page.stream().limit(limit).forEach(db -> arr.add(json.database(db, this::nameOf)));
        ObjectNode pagination = o.putObject("pagination");
        if (page.size() > limit) {
            pagination.put("next", page.get(limit - 1).name());
        } else {
            pagination.putNull("next");
        }
        return o;
    }

    /** A name filter: the start of a database name, so only the characters names may hold. */
    private static String namePrefix(String p) {
        if (p.length() > Names.MAX_LENGTH || !p.chars().allMatch(ch -> ch == '-' || Character.isDigit(ch)
                || (ch >= 'a' && ch <= 'z'))) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid `prefix`: database names hold only lowercase "
                    + "letters, digits and dashes (at most " + Names.MAX_LENGTH + "), so a prefix must too");
        }
        return p;
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= DatabaseQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ShoalException(ErrorCode.INVALID_REQUEST, "`limit` must be a number from 1 to " + DatabaseQuery.MAX_LIMIT);
    }

    private String nameOf(UUID id) {
        return s.databases().find(id).map(DatabaseRecord::name).orElse("");
    }

    private ObjectNode create(Call c) {
        s.accounts().organization(c.org());
        Body b = c.body();
        Optional<String> group = b.text("group");
        c.principal().require(s.accountCatalog(), c.org(), Optional.of(group.orElse(DatabaseService.DEFAULT_GROUP)),
                Scope.DB_CREATE);
        Optional<Body> seed = b.object("seed");
        Optional<String> seedType = seed.flatMap(x -> x.text("type"));
        Optional<String> seedDb = Optional.empty();
        Optional<java.nio.file.Path> seedUpload = Optional.empty();
        if (seed.isPresent() && seedType.filter("dump"::equals).isPresent()) {
            seedUpload = Optional.of(uploads.resolve(c.org(), seed.get().text("url").orElseThrow(() ->
                    new ShoalException(ErrorCode.INVALID_REQUEST, "`seed.url` is required"))));
        } else if (seed.isPresent()) {
            String type = seedType.orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST, "`seed.type` is required"));
            if (!type.equals("database")) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "unsupported seed type `" + type
                        + "`: use \"database\" (a copy of another database) or \"dump\" (an upload)");
            }
            if (seed.get().text("timestamp").isPresent()) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST,
                        "point-in-time seeds (`seed.timestamp`) are not supported; seed from the current state");
            }
            seedDb = Optional.of(seed.get().text("name").or(() -> seed.get().text("value")).orElseThrow(() ->
                    new ShoalException(ErrorCode.INVALID_REQUEST, "`seed.name` is required")));
            String source = seedDb.get();
            s.databases().find(c.org(), source).ifPresent(src ->
                    c.principal().require(s.accountCatalog(), c.org(), Optional.of(src.group()), Scope.READ));
        }
        if (b.get("remote_encryption").isPresent()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "remote encryption is not supported by this server");
        }
        CreateDatabase req = new CreateDatabase(b.requiredText("name"), group, b.bool("is_schema").orElse(false),
                b.text("schema"), seedDb, seedUpload, b.text("size_limit"));
        DatabaseRecord db;
        try {
            db = s.databases().create(c.org(), req);
        } finally {
            seedUpload.ifPresent(uploads::delete);
        }
        ObjectNode o = json.object();
        o.putObject("database").put("DbId", db.id().toString()).put("Hostname", s.addressing().hostname(db))
                .put("Name", db.name());
        return o;
    }

    /** Shoal's upload for seeds: the raw body (SQL text or a SQLite file); Turso's CLI sends multipart. */
    private ObjectNode upload(Call c) {
        s.accounts().organization(c.org());
        c.principal().require(s.accountCatalog(), c.org(), c.principal().groupLimit(), Scope.DB_CREATE);
        return json.object().put("dump_url", uploads.store(c.org(), c.rawBody()));
    }

    private ObjectNode get(Call c) {
        return json.object().set("database", json.database(database(c, Scope.READ), this::nameOf));
    }

    private ObjectNode delete(Call c) {
        database(c, Scope.DB_DELETE);
        DatabaseRecord db = s.databases().delete(c.org(), c.param("db"));
        return json.object().put("database", db.name());
    }

    /**
     * {@code POST …/databases/{schema}/migrations} {@code {"sql", "first_wave"?: {"databases": […]} |
     * {"percent": n}, "soak"?: "30m"}}: the job, started; it goes on by itself.
     */
    private ObjectNode submitMigration(Call c) {
        DatabaseRecord db = database(c, Scope.DB_CONFIGURE);
        Body b = c.body();
        String sql = b.text("sql").orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST,
                "`sql` is required: the migration to run"));
        Optional<dev.shoal.core.migration.Rollout.FirstWave> wave = b.object("first_wave").map(w -> {
            List<String> names = w.strings("databases");
            Optional<Integer> percent = w.integer("percent");
            if (names.isEmpty() == percent.isEmpty()) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "`first_wave` takes `databases` (a list of "
                        + "child names) or `percent` (1 to 100), one of them");
            }
            return percent.isPresent() ? dev.shoal.core.migration.Rollout.FirstWave.percent(percent.get())
                    : dev.shoal.core.migration.Rollout.FirstWave.of(names);
        });
        Optional<java.time.Duration> soak = b.text("soak").map(DatabaseRoutes::soak);
        return s.jobs().submit(db, sql, wave, soak, c.principal().username());
    }

    private static java.time.Duration soak(String text) {
        ShoalException bad = new ShoalException(ErrorCode.INVALID_REQUEST, "`soak` must be a duration such as 30m, "
                + "2h or 1d, not `" + text + "`");
        try {
            return dev.shoal.core.auth.Expirations.parse(text).orElseThrow(() -> bad);
        } catch (ShoalException e) {
            throw bad;
        }
    }

    private ObjectNode configuration(Call c) {
        return json.config(database(c, Scope.READ).config());
    }

    private ObjectNode configure(Call c) {
        database(c, Scope.DB_CONFIGURE);
        Body b = c.body();
        Optional<String> size = b.text("size_limit");
        return json.config(s.databases().configure(c.org(), c.param("db"), new DatabaseService.ConfigChange(
                b.bool("allow_attach"), b.bool("block_reads"), b.bool("block_writes"), b.bool("delete_protection"),
                size, b.text("migration_mode").map(dev.shoal.core.db.MigrationMode::parse))));
    }

    private ObjectNode usage(Call c) {
        DatabaseRecord db = database(c, Scope.READ);
        Optional<Instant> from = c.query("from").map(DatabaseRoutes::instant);
        Optional<Instant> to = c.query("to").map(DatabaseRoutes::instant);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "`from` must not be after `to`");
        }
        long[] rows = s.usage().current(db.id());
        long bytes = s.databases().sizeOnDisk(db.id());
        ObjectNode o = json.object();
        ObjectNode d = o.putObject("database");
        d.put("uuid", db.id().toString());
        ObjectNode instance = d.putArray("instances").addObject();
        instance.put("uuid", db.id().toString());
        fillUsage(instance.putObject("usage"), rows, bytes);
        fillUsage(d.putObject("usage"), rows, bytes);
        fillUsage(d.putObject("total"), rows, bytes);
        return o;
    }

    private static void fillUsage(ObjectNode u, long[] rows, long bytes) {
        u.put("rows_read", rows[0]);
        u.put("rows_written", rows[1]);
        u.put("storage_bytes", bytes);
        u.put("bytes_synced", 0);
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid date `" + s + "`: use RFC 3339, e.g. 2026-01-31T00:00:00Z");
        }
    }

    private ObjectNode instances(Call c) {
        DatabaseRecord db = database(c, Scope.READ);
        ObjectNode o = json.object();
        o.putArray("instances").add(instanceObject(db));
        return o;
    }

    private ObjectNode instance(Call c) {
        DatabaseRecord db = database(c, Scope.READ);
        if (!c.param("instance").equals("local")) {
            throw new ShoalException(ErrorCode.NOT_FOUND, "instance not found: this database's only instance is `local`");
        }
        return json.object().set("instance", instanceObject(db));
    }

    private ObjectNode instanceObject(DatabaseRecord db) {
        ObjectNode i = json.object();
        i.put("uuid", db.id().toString());
        i.put("name", "local");
        i.put("type", "primary");
        i.put("region", "local");
        i.put("hostname", s.addressing().hostname(db));
        return i;
    }

    private ObjectNode createToken(Call c) {
        DatabaseRecord db = database(c, Scope.DB_MINT_TOKEN);
        TokenRequests t = TokenRequests.parse(c, s.databases());
        Group g = s.groups().get(c.org(), db.group());
        return json.object().put("jwt", s.databaseTokens().mintDatabaseToken(g.id(), db.id(), db.tokenGeneration(),
                t.access(), t.expiration(), t.readAttach(), Optional.of(c.principal().username())));
    }

    /** Turso moves a database to a newer server version here; Shoal has one version, so nothing changes. */
    private ObjectNode updateVersion(Call c) {
        database(c, Scope.DB_CONFIGURE);
        return json.object();
    }

    private ObjectNode rotate(Call c) {
        database(c, Scope.DB_ROTATE_CREDS);
        s.databases().rotateTokens(c.org(), c.param("db"));
        return json.object();
    }
}
