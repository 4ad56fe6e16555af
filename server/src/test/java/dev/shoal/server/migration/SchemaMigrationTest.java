package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema databases and their children over the real HTTP API: children are born with the schema
 * database's schema and rows; every write to the schema database reaches every child (dry run on
 * all first, then each, parent last); a failed dry run changes nothing and names the child;
 * children refuse DDL; the jobs API reports it all.
 */
class SchemaMigrationTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static HttpJson http = new HttpJson();
    static PlatformClient platform;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        platform = new PlatformClient(http, server.url(), "admin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HranaClient create(ObjectNode body) {
        HttpJson.Response r = platform.createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new HranaClient(http, PlatformClient.urlOf(r.json().get("database")));
    }

    private static HranaClient schema(String name) {
        return create(HttpJson.MAPPER.createObjectNode().put("name", name).put("is_schema", true));
    }

    private static HranaClient child(String name, String schema) {
        return create(HttpJson.MAPPER.createObjectNode().put("name", name).put("schema", schema));
    }

    private static List<String> columns(HranaClient db, String table) {
        return db.query("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    @Test
    void childrenAreBornWithTheSchemaAndRowsAndFollowEveryMigration() {
        HranaClient parent = schema("slack-schema");
        parent.executeOnce("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        parent.executeOnce("INSERT INTO users (name) VALUES ('seed')");
        HranaClient ws1 = child("ws1", "slack-schema");
        HranaClient ws2 = child("ws2", "slack-schema");
        assertThat(ws1.query("SELECT name FROM users")).containsExactly(List.of("seed"));

        ws1.executeOnce("INSERT INTO users (name) VALUES ('only in ws1')");
        parent.executeOnce("ALTER TABLE users ADD COLUMN phone_number TEXT");
        for (HranaClient db : List.of(parent, ws1, ws2)) {
            assertThat(columns(db, "users")).containsExactly("id", "name", "phone_number");
        }
        assertThat(ws1.queryValue("SELECT count(*) FROM users")).isEqualTo(2L);
        assertThat(ws2.queryValue("SELECT count(*) FROM users")).isEqualTo(1L);
        assertThat(ws1.queryValue("PRAGMA user_version")).isEqualTo(parent.queryValue("PRAGMA user_version"));
    }

    @Test
    void batchesAndInteractiveTransactionsAreOneMigrationEach() {
        HranaClient parent = schema("tx-schema");
        HranaClient kid = child("tx-kid", "tx-schema");
        long before = (Long) parent.queryValue("PRAGMA user_version");
        // @libsql/client's batch(): BEGIN ... COMMIT in one pipeline
        parent.v2(null, Hrana.execute("BEGIN"), Hrana.execute("CREATE TABLE a (x)"),
                Hrana.execute("INSERT INTO a VALUES (1)"), Hrana.execute("COMMIT"), Hrana.close()).requireOk();
        // client.transaction(): statements over several requests of one stream
        HranaClient.Stream tx = parent.stream();
        tx.execute("BEGIN");
        tx.execute("INSERT INTO a VALUES (?)", Hrana.integer(2));
        assertThat(kid.queryValue("SELECT count(*) FROM a")).isEqualTo(1L); // not before COMMIT
        tx.execute("COMMIT");
        tx.close();
        assertThat(kid.query("SELECT x FROM a ORDER BY x")).containsExactly(List.of(1L), List.of(2L));
        assertThat((Long) parent.queryValue("PRAGMA user_version")).isEqualTo(before + 2);
        assertThat(kid.queryValue("PRAGMA user_version")).isEqualTo(before + 2);
    }

    @Test
    void schemaStatementsThatChangeNothingAreNoMigrationButDataStatementsAlwaysFanOut() {
        HranaClient parent = schema("noop-schema");
        parent.executeOnce("CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY, hash TEXT)");
        HranaClient kid = child("noop-kid", "noop-schema");
        kid.executeOnce("INSERT INTO __drizzle_migrations (hash) VALUES ('only in the child')");
        int jobs = http.get(parent.url("v1/jobs")).json().get("migrations").size();
        long version = (Long) parent.queryValue("PRAGMA user_version");

        // What every migration tool sends at each start, once its table exists: nothing to fan out.
        parent.executeOnce("CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY, hash TEXT)");
        parent.v2(null, Hrana.execute("BEGIN"), Hrana.execute("CREATE INDEX IF NOT EXISTS i ON __drizzle_migrations (hash)"),
                Hrana.execute("COMMIT"), Hrana.close()).requireOk(); // creates the index: a migration
        parent.v2(null, Hrana.execute("BEGIN"), Hrana.execute("CREATE INDEX IF NOT EXISTS i ON __drizzle_migrations (hash)"),
                Hrana.execute("DROP TABLE IF EXISTS never_was"), Hrana.execute("COMMIT"), Hrana.close()).requireOk();
        assertThat(http.get(parent.url("v1/jobs")).json().get("migrations")).hasSize(jobs + 1);
        assertThat(parent.queryValue("PRAGMA user_version")).isEqualTo(version + 1);
        assertThat(kid.queryValue("PRAGMA user_version")).isEqualTo(version + 1);

        // A data statement that changes no row here still reaches the children's own rows.
        parent.executeOnce("UPDATE __drizzle_migrations SET hash = 'seen' WHERE hash = 'only in the child'");
        assertThat(kid.queryValue("SELECT hash FROM __drizzle_migrations")).isEqualTo("seen");
        assertThat(http.get(parent.url("v1/jobs")).json().get("migrations")).hasSize(jobs + 2);
        assertThat(kid.queryValue("PRAGMA user_version")).isEqualTo(version + 2);
    }

    @Test
    void aFailedDryRunChangesNothingAndNamesTheChild() {
        HranaClient parent = schema("uniq-schema");
        parent.executeOnce("CREATE TABLE users (email TEXT)");
        HranaClient good = child("uniq-good", "uniq-schema");
        HranaClient dup = child("uniq-dup", "uniq-schema");
        dup.executeOnce("INSERT INTO users VALUES ('a@x'), ('a@x')");
        JsonNode err = parent.stream().executeError("CREATE UNIQUE INDEX users_email ON users(email)");
        assertThat(err.get("code").asText()).isEqualTo("SCHEMA_MIGRATION_ERROR");
        assertThat(err.get("message").asText())
                .isEqualTo("migration dry run failed on database uniq-dup: UNIQUE constraint failed: users.email");
        for (HranaClient db : List.of(parent, good, dup)) {
            assertThat(db.queryValue("SELECT count(*) FROM sqlite_schema WHERE name = 'users_email'")).isEqualTo(0L);
        }
        dup.executeOnce("INSERT INTO users VALUES ('writes work again')");
    }

    @Test
    void childrenRefuseDdlButTakeDml() {
        schema("ddl-schema").executeOnce("CREATE TABLE t (x)");
        HranaClient kid = child("ddl-kid", "ddl-schema");
        for (String ddl : List.of("CREATE TABLE own (y)", "ALTER TABLE t ADD COLUMN z", "DROP TABLE t",
                "CREATE INDEX t_x ON t(x)", "/* hidden */ create view v as select 1", "PRAGMA user_version = 99")) {
            JsonNode err = kid.stream().executeError(ddl);
            assertThat(err.get("code").asText()).as(ddl).isIn("BLOCKED", "SQLITE_AUTH");
        }
        JsonNode err = kid.stream().executeError("CREATE TABLE own (y)");
        assertThat(err.get("message").asText()).isEqualTo(
                "Operation was blocked: database ddl-kid takes its schema from ddl-schema; apply schema changes there");
        kid.executeOnce("INSERT INTO t VALUES (1)");
        kid.executeOnce("CREATE TEMP TABLE scratch (y)");
        assertThat(kid.queryValue("SELECT count(*) FROM t")).isEqualTo(1L);
    }

    @Test
    void writesToChildrenAreBlockedWhileTheJobRunsAndAcceptedAfter() throws Exception {
        HranaClient parent = schema("block-schema");
        parent.executeOnce("CREATE TABLE t (x)");
        HranaClient busy = child("block-busy", "block-schema");
        HranaClient other = child("block-other", "block-schema");
        HranaClient.Stream holder = busy.stream();
        holder.execute("BEGIN IMMEDIATE");
        holder.execute("INSERT INTO t VALUES ('in flight')"); // the job's dry run on block-busy waits for this
        var job = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                parent.executeOnce("ALTER TABLE t ADD COLUMN y"));
        JsonNode refused = null;
        for (int i = 0; i < 500 && refused == null; i++) { // until the job has started
            JsonNode r = other.stream().sendRaw(Hrana.execute("INSERT INTO t VALUES ('blocked?')"), Hrana.close())
                    .result(0);
            if (r.get("type").asText().equals("error")) {
                refused = r.get("error");
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(refused).as("a write during the job is refused").isNotNull();
        assertThat(refused.get("code").asText()).isEqualTo("BLOCKED");
        assertThat(refused.get("message").asText()).matches("Operation was blocked: schema migration \\d+ in progress");
        assertThat(other.queryValue("SELECT count(*) FROM t")).isNotNull(); // reads go on
        holder.execute("COMMIT");
        holder.close();
        job.get(30, java.util.concurrent.TimeUnit.SECONDS);
        other.executeOnce("INSERT INTO t VALUES ('after', 1)");
        assertThat(columns(busy, "t")).containsExactly("x", "y");
        assertThat(busy.queryValue("SELECT count(*) FROM t")).isEqualTo(1L);
    }

    @Test
    void aChildDeletedDuringTheJobEndsItsTaskAndTheJobSucceeds() throws Exception {
        HranaClient parent = schema("del-schema");
        parent.executeOnce("CREATE TABLE t (x)");
        HranaClient busy = child("del-busy", "del-schema");
        child("del-gone", "del-schema");
        HranaClient.Stream holder = busy.stream();
        holder.execute("BEGIN IMMEDIATE");
        holder.execute("INSERT INTO t VALUES (1)"); // holds the job at del-busy's dry run
        var job = java.util.concurrent.CompletableFuture.supplyAsync(() -> parent.executeOnce("ALTER TABLE t ADD COLUMN y"));
        Thread.sleep(300);
        assertThat(platform.delete("del-gone").status()).isEqualTo(200);
        holder.execute("COMMIT");
        holder.close();
        job.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(columns(busy, "t")).containsExactly("x", "y");
        JsonNode newest = http.get(parent.url("v1/jobs")).json().get("migrations").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("RunSuccess");
        JsonNode detail = http.get(parent.url("v1/jobs/" + newest.get("job_id").asLong())).json();
        JsonNode gone = null;
        for (JsonNode t : detail.get("progress")) {
            if (t.get("namespace").asText().equals("del-gone")) {
                gone = t;
            }
        }
        assertThat(gone).isNotNull();
        assertThat(gone.get("error").asText()).isEqualTo("deleted during the job");
    }

    @Test
    void aChildCreatedWhileItsFamilyMigratesIsBornOnTheNewVersion() throws Exception {
        HranaClient parent = schema("mid-schema");
        parent.executeOnce("CREATE TABLE t (x)");
        HranaClient busy = child("mid-busy", "mid-schema");
        HranaClient.Stream holder = busy.stream();
        holder.execute("BEGIN IMMEDIATE");
        holder.execute("INSERT INTO t VALUES (1)"); // holds the job at mid-busy's dry run
        var job = java.util.concurrent.CompletableFuture.supplyAsync(() -> parent.executeOnce("ALTER TABLE t ADD COLUMN y"));
        Thread.sleep(300);
        var born = java.util.concurrent.CompletableFuture.supplyAsync(() -> child("mid-newborn", "mid-schema"));
        Thread.sleep(300);
        assertThat(born).as("a child is not born while its family migrates").isNotDone();
        holder.execute("COMMIT");
        holder.close();
        job.get(30, java.util.concurrent.TimeUnit.SECONDS);
        HranaClient newborn = born.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(columns(newborn, "t")).containsExactly("x", "y");
        assertThat(newborn.queryValue("PRAGMA user_version")).isEqualTo(parent.queryValue("PRAGMA user_version"));
        newborn.executeOnce("INSERT INTO t VALUES (2, 3)");
    }

    @Test
    void aChildCannotHaveASeed() {
        schema("seedless-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", "seeded-kid").put("schema", "seedless-schema");
        body.putObject("seed").put("type", "database").put("name", "seedless-schema");
        HttpJson.Response r = platform.createRaw(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("cannot also have a seed");
    }

    @Test
    void theJobsApiReportsJobsAndTheirChildren() {
        HranaClient parent = schema("jobs-schema");
        assertThat(http.get(parent.url("v1/jobs")).json().get("migrations").get(0).get("status").asText())
                .isEqualTo("RunSuccess"); // never empty: older clients poll the newest job
        parent.executeOnce("CREATE TABLE t (x)");
        child("jobs-kid", "jobs-schema");
        parent.executeOnce("INSERT INTO t VALUES (1)");
        JsonNode list = http.get(parent.url("v1/jobs")).json();
        JsonNode newest = list.get("migrations").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("RunSuccess");
        assertThat(list.get("migrations")).hasSize(2);
        JsonNode detail = http.get(parent.url("v1/jobs/" + newest.get("job_id").asLong())).json();
        assertThat(detail.get("progress").get(0).get("namespace").asText()).isEqualTo("jobs-kid");
        assertThat(detail.get("progress").get(0).get("status").asText()).isEqualTo("RunSuccess");
        assertThat(detail.has("error")).isFalse();
        JsonNode viaPlatform = http.get(server.url() + "/v1/organizations/admin/databases/jobs-schema/jobs").json();
        assertThat(viaPlatform).isEqualTo(list);
        assertThat(http.get(server.url() + "/v1/organizations/admin/databases/jobs-schema/jobs/"
                + newest.get("job_id").asLong()).json()).isEqualTo(detail);
        HttpJson.Response unknown = http.get(parent.url("v1/jobs/999999"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("couldn't find requested migration job");
        HranaClient regular = create(HttpJson.MAPPER.createObjectNode().put("name", "jobs-regular"));
        HttpJson.Response invalid = http.get(regular.url("v1/jobs"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("error").asText()).isEqualTo("Invalid namespace");
    }
}
