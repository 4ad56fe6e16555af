package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet migration control against the real server: cancel before and during the apply phase,
 * pause and resume, a staged job's first wave (by name and by percentage) and its promote, a
 * failing first wave that halts the job, an online job whose child changed after its dry run
 * (needs attention, then retried once fixed), and who sent each job.
 *
 * <p>Jobs are caught at a chosen point by holding a child's write lock from a tenant stream: the
 * job's dry run (or apply) of that child waits for it, so the test can pause or cancel meanwhile.
 */
class FleetControlTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static final HttpJson http = new HttpJson();
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

    static HranaClient db(String name) {
        return new HranaClient(http, server.url() + "/db/admin/" + name + "/");
    }

    static String api(String rest) {
        return server.url() + "/v1/organizations/admin/databases/" + rest;
    }

    /** A schema database with {@code t(x)}, in {@code mode}, and its children, each holding one row {@code x = i}. */
    static void family(String schema, String mode, List<String> kids) {
        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", schema).put("is_schema", true));
        if (!mode.equals("strict")) {
            HttpJson.Response r = http.patch(api(schema + "/configuration"), HttpJson.MAPPER.createObjectNode()
                    .put("migration_mode", mode));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("migration_mode").asText()).isEqualTo(mode);
        }
        db(schema).executeOnce("CREATE TABLE t (x)");
        kids.parallelStream().forEach(kid -> platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid)
                .put("schema", schema)));
        for (int i = 0; i < kids.size(); i++) {
            db(kids.get(i)).executeOnce("INSERT INTO t VALUES (" + i + ")");
        }
    }

    static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("%s-%02d", prefix, i)).toList();
    }

    static long version(String db) {
        return (Long) db(db).queryValue("PRAGMA user_version");
    }

    static JsonNode job(String schema, long id) {
        return http.get(api(schema + "/jobs/" + id)).json();
    }

    static long newestJob(String schema) {
        return http.get(db(schema).url("v1/jobs")).json().get("migrations").get(0).get("job_id").asLong();
    }

    /** Waits for a job of {@code schema} newer than {@code after}. */
    static long awaitNewJob(String schema, long after) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long id;
        while ((id = newestJob(schema)) == after && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(id).as("a new job of " + schema).isGreaterThan(after);
        return id;
    }

    static JsonNode awaitStatus(String schema, long id, Predicate<String> status) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode j = job(schema, id);
        while (!status.test(j.get("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            j = job(schema, id);
        }
        return j;
    }

    static HttpJson.Response control(String schema, long id, String verb) {
        return http.post(api(schema + "/jobs/" + id + "/" + verb), HttpJson.MAPPER.createObjectNode());
    }

    /** A tenant transaction holding the child's write lock until {@link HranaClient.Stream#close}d after COMMIT. */
    static HranaClient.Stream holdWriteLock(String child) {
        HranaClient.Stream s = db(child).stream();
        s.execute("BEGIN IMMEDIATE");
        s.execute("INSERT INTO t VALUES (-1)");
        return s;
    }

    static void release(HranaClient.Stream s) {
        s.execute("ROLLBACK");
        s.close();
    }

    static HttpJson.Response submit(String schema, ObjectNode body) {
        return http.post(api(schema + "/migrations"), body);
    }

    /** A migration written to a schema database, its job caught at a child whose write lock a tenant holds. */
    record Written(long job, CompletableFuture<JsonNode> request, HranaClient.Stream holder) {}

    /**
     * Holds {@code child}'s write lock, then writes {@code sql} to {@code schema} in the background
     * (its answer: the result, or with {@code fails} the statement's error) and waits for its job.
     */
    static Written writeHeldAt(String schema, String child, String sql, boolean fails) throws InterruptedException {
        long before = newestJob(schema);
        HranaClient.Stream holder = holdWriteLock(child);
        CompletableFuture<JsonNode> request = CompletableFuture.supplyAsync(() -> fails
                ? db(schema).stream().executeError(sql) : db(schema).executeOnce(sql));
        return new Written(awaitNewJob(schema, before), request, holder);
    }

    /**
     * Pauses job {@code id} while {@code holder} keeps it waiting at a child's dry run, then lets
     * the child go: the dry run in flight finishes, no other task starts, and the job is paused.
     */
    static void pauseWhileHeld(String schema, long id, HranaClient.Stream holder) throws Exception {
        CompletableFuture<HttpJson.Response> paused = CompletableFuture.supplyAsync(() -> control(schema, id, "pause"));
        Thread.sleep(200);
        release(holder);
        assertThat(paused.get(30, TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("Paused");
    }

    @Test
    void cancelBeforeTheApplyPhaseChangesNothing() throws Exception {
        List<String> kids = names("cb", 3);
        family("cb-schema", "strict", kids);
        long v = version("cb-schema");
        Written w = writeHeldAt("cb-schema", "cb-01", "ALTER TABLE t ADD COLUMN y", true);
        HranaClient.Stream holder = w.holder();
        CompletableFuture<JsonNode> migration = w.request();
        long id = w.job();
        CompletableFuture<HttpJson.Response> cancelled = CompletableFuture.supplyAsync(() -> control("cb-schema", id,
                "cancel")); // answers once the job has ended
        Thread.sleep(200);
        release(holder); // the dry run in flight finishes; no other task starts
        HttpJson.Response r = cancelled.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode end = awaitStatus("cb-schema", id, s -> s.equals("Cancelled"));
        assertThat(end.get("status").asText()).isEqualTo("Cancelled");
        assertThat(end.get("error").asText()).isEqualTo("cancelled before anything was applied: nothing was changed");
        assertThat(migration.get(30, TimeUnit.SECONDS).get("message").asText()).isEqualTo("migration job " + id
                + " of cb-schema was cancelled before anything was applied: nothing was changed");
        for (String name : List.of("cb-schema", "cb-00", "cb-01", "cb-02")) {
            assertThat(version(name)).as(name).isEqualTo(v);
            assertThat(db(name).query("SELECT name FROM pragma_table_info('t')")).as(name).hasSize(1);
        }
        db("cb-02").executeOnce("INSERT INTO t VALUES (7)"); // not blocked any more
        assertThat(control("cb-schema", id, "cancel").json().get("error").asText())
                .isEqualTo("job " + id + " has ended (Cancelled): only a running job can be cancelled");
    }

    @Test
    void aPausedJobLetsItsChildrenBeWrittenAndFinishesWhenResumed() throws Exception {
        List<String> kids = names("pr", 4);
        family("pr-schema", "strict", kids);
        long v = version("pr-schema");
        Written w = writeHeldAt("pr-schema", "pr-02", "ALTER TABLE t ADD COLUMN y DEFAULT 5", false);
        HranaClient.Stream holder = w.holder();
        CompletableFuture<JsonNode> migration = w.request();
        long id = w.job();
        pauseWhileHeld("pr-schema", id, holder);
        db("pr-01").executeOnce("INSERT INTO t VALUES (100)"); // a paused strict job blocks nobody
        assertThat(version("pr-01")).isEqualTo(v);
        assertThat(migration).as("the request still waits for its migration").isNotDone();
        assertThat(control("pr-schema", id, "promote").json().get("error").asText())
                .isEqualTo("job " + id + " is not staged: it has no first wave to promote from");

        HttpJson.Response resumed = control("pr-schema", id, "resume");
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        migration.get(30, TimeUnit.SECONDS);
        assertThat(awaitStatus("pr-schema", id, s -> s.equals("RunSuccess")).get("status").asText()).isEqualTo(
                "RunSuccess");
        for (String name : List.of("pr-schema", "pr-00", "pr-01", "pr-02", "pr-03")) {
            assertThat(version(name)).as(name).isEqualTo(v + 1);
        }
        assertThat(db("pr-01").query("SELECT x, y FROM t ORDER BY x")).containsExactly(List.of(1L, 5L),
                List.of(100L, 5L)); // the row written while paused was migrated too
        assertThat(control("pr-schema", id, "resume").json().get("error").asText())
                .isEqualTo("job " + id + " has ended (RunSuccess): only a running job can be resumed");
    }

    @Test
    void aStagedJobStopsAfterItsFirstWaveUntilPromoted() throws Exception {
        List<String> kids = names("st", 5);
        family("st-schema", "strict", kids);
        long v = version("st-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "ALTER TABLE t ADD COLUMN y");
        body.putObject("first_wave").putArray("databases").add("st-03");
        HttpJson.Response r = submit("st-schema", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        long id = r.json().get("job_id").asLong();
        JsonNode waiting = awaitStatus("st-schema", id, s -> s.equals("WaitingPromote"));
        assertThat(waiting.get("status").asText()).isEqualTo("WaitingPromote");
        assertThat(waiting.get("first_wave").asText()).isEqualTo("st-03");
        assertThat(waiting.get("sent_by").asText()).isEqualTo("admin");
        assertThat(waiting.has("wave_done_at")).isTrue();
        assertThat(version("st-03")).isEqualTo(v + 1);
        for (String name : List.of("st-schema", "st-00", "st-01", "st-02", "st-04")) {
            assertThat(version(name)).as(name).isEqualTo(v);
        }
        db("st-00").executeOnce("INSERT INTO t VALUES (50)"); // the rest are writable during the soak
        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "st-late").put("schema", "st-schema"));
        assertThat(version("st-late")).as("born from the schema database, on the old version").isEqualTo(v);
        JsonNode refused = db("st-schema").stream().executeError("CREATE TABLE other (z)");
        assertThat(refused.get("message").asText()).isEqualTo("schema database st-schema has migration job " + id
                + " waiting for its promote (its first wave is migrated); promote or cancel it before the next "
                + "migration");
        assertThat(control("st-schema", id, "pause").json().get("error").asText())
                .isEqualTo("job " + id + " is waiting for its promote: promote or cancel it");

        HttpJson.Response promoted = control("st-schema", id, "promote");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(awaitStatus("st-schema", id, s -> s.equals("RunSuccess")).get("status").asText())
                .isEqualTo("RunSuccess");
        for (String name : List.of("st-schema", "st-00", "st-01", "st-02", "st-03", "st-04", "st-late")) {
            assertThat(version(name)).as(name).isEqualTo(v + 1);
            assertThat(db(name).query("SELECT name FROM pragma_table_info('t')")).as(name).hasSize(2);
        }
        JsonNode history = http.get(db("st-schema").url("v1/jobs")).json().get("migrations").get(0);
        assertThat(history.get("job_id").asLong()).isEqualTo(id);
        assertThat(history.get("sent_by").asText()).isEqualTo("admin");
        assertThat(history.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(history.get("sql").asText()).isEqualTo("ALTER TABLE t ADD COLUMN y;\n");
    }

    @Test
    void aStagedJobWithASoakTimeLetsTheRestFollowByItself() throws Exception {
        List<String> kids = names("sk", 4);
        family("sk-schema", "strict", kids);
        long v = version("sk-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE soaked (z)").put("soak", "2s");
        body.putObject("first_wave").putArray("databases").add("sk-00");
        long id = submit("sk-schema", body).json().get("job_id").asLong();
        JsonNode waiting = awaitStatus("sk-schema", id, s -> s.equals("WaitingPromote") || s.equals("RunSuccess"));
        assertThat(waiting.get("status").asText()).isEqualTo("WaitingPromote");
        assertThat(waiting.get("soak_seconds").asLong()).isEqualTo(2);
        assertThat(awaitStatus("sk-schema", id, s -> s.equals("RunSuccess")).get("status").asText())
                .as("no promote was sent").isEqualTo("RunSuccess");
        for (String name : kids) {
            assertThat(version(name)).as(name).isEqualTo(v + 1);
        }
        assertThat(submit("sk-schema", HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE x (z)")
                .put("soak", "soon")).json().get("error").asText()).isEqualTo("`soak` must be a duration such as "
                + "30m, 2h or 1d, not `soon`");
    }

    @Test
    void aStrictStagedJobDryRunsTheRestAgainAtPromoteAndStopsThereOnAChildThatChanged() throws Exception {
        List<String> kids = names("rd", 3);
        family("rd-schema", "strict", kids);
        long v = version("rd-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE UNIQUE INDEX rd_x ON t(x)");
        body.putObject("first_wave").putArray("databases").add("rd-00");
        long id = submit("rd-schema", body).json().get("job_id").asLong();
        awaitStatus("rd-schema", id, s -> s.equals("WaitingPromote"));
        db("rd-02").executeOnce("INSERT INTO t VALUES (2)"); // writable during the soak: now a duplicate there
        control("rd-schema", id, "promote");
        JsonNode end = awaitStatus("rd-schema", id, s -> s.equals("RunFailure"));
        assertThat(end.get("error").asText()).isEqualTo("migration dry run failed on database rd-02: UNIQUE "
                + "constraint failed: t.x (1 children are migrated; the others and the schema database were not "
                + "changed)");
        assertThat(version("rd-00")).isEqualTo(v + 1);
        for (String name : List.of("rd-schema", "rd-01", "rd-02")) {
            assertThat(version(name)).as(name).isEqualTo(v);
        }
        db("rd-01").executeOnce("INSERT INTO t VALUES (50)"); // nothing stays blocked
    }

    @Test
    void aMigrationSentThroughTheApiGoesThroughTheTenantPolicy() throws Exception {
        family("hx-schema", "strict", List.of("hx-a"));
        long before = newestJob("hx-schema");
        Path escape = dataDir.resolve("escaped.db");
        for (String sql : List.of("VACUUM INTO '" + escape + "'", "ATTACH DATABASE 'file:" + escape + "' AS x",
                "PRAGMA writable_schema = 1", "SELECT load_extension('/tmp/nope')", "PRAGMA journal_mode = OFF",
                "CREATE TABLE ok (z); VACUUM INTO '" + escape + "'")) {
            ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", sql);
            body.putObject("first_wave").putArray("databases").add("hx-a");
            HttpJson.Response r = submit("hx-schema", body);
            assertThat(r.status()).as(sql + ": " + r).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(sql).startsWith("the migration failed on the schema "
                    + "database hx-schema: ");
        }
        assertThat(java.nio.file.Files.exists(escape)).as("no file written outside the data directory's databases")
                .isFalse();
        assertThat(newestJob("hx-schema")).as("no job recorded").isEqualTo(before);
        assertThat(db("hx-a").query("SELECT name FROM sqlite_schema WHERE name = 'ok'")).isEmpty();
    }

    @Test
    void aPercentageWaveTakesThatShareOfTheFamilyAndBadWavesAreRefused() throws Exception {
        List<String> kids = names("pc", 10);
        family("pc-schema", "strict", kids);
        long v = version("pc-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE pc_new (z)");
        body.putObject("first_wave").put("percent", 30);
        long id = submit("pc-schema", body).json().get("job_id").asLong();
        awaitStatus("pc-schema", id, s -> s.equals("WaitingPromote"));
        assertThat(kids.stream().filter(k -> version(k) == v + 1).count()).isEqualTo(3);
        assertThat(control("pc-schema", id, "cancel").json().get("status").asText()).isEqualTo("Cancelled");
        assertThat(job("pc-schema", id).get("error").asText()).startsWith("cancelled while applying: 3 children are "
                + "migrated and stay so");

        ObjectNode unknown = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE x2 (z)");
        unknown.putObject("first_wave").putArray("databases").add("nope");
        assertThat(submit("pc-schema", unknown).json().get("error").asText())
                .isEqualTo("first wave: database nope not found");
        ObjectNode both = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE x2 (z)");
        both.putObject("first_wave").put("percent", 150);
        assertThat(submit("pc-schema", both).json().get("error").asText())
                .isEqualTo("the first wave's percentage must be 1 to 100, not 150");
        ObjectNode soakOnly = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE x2 (z)").put("soak", "1h");
        assertThat(submit("pc-schema", soakOnly).json().get("error").asText()).isEqualTo("a soak time needs a first wave");
        ObjectNode broken = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE TABLE t (again)");
        assertThat(submit("pc-schema", broken).json().get("error").asText())
                .isEqualTo("the migration failed on the schema database pc-schema: table t already exists");
    }

    @Test
    void aFirstWaveThatFailsHaltsTheJobAndLeavesTheRestUntouched() throws Exception {
        List<String> kids = names("fw", 4);
        family("fw-schema", "online", kids);
        long v = version("fw-schema");
        HranaClient.Stream holder = holdWriteLock("fw-02"); // catch the job in its dry runs
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "CREATE UNIQUE INDEX fw_x ON t(x)");
        body.putObject("first_wave").putArray("databases").add("fw-00").add("fw-01");
        long id = submit("fw-schema", body).json().get("job_id").asLong();
        pauseWhileHeld("fw-schema", id, holder);
        db("fw-01").executeOnce("INSERT INTO t VALUES (1)"); // after its dry run: the unique index now fails there
        control("fw-schema", id, "resume");
        JsonNode end = awaitStatus("fw-schema", id, s -> !s.equals("WaitingRun") && !s.equals("Paused"));
        assertThat(end.get("status").asText()).isEqualTo("RunFailure");
        assertThat(end.get("error").asText()).startsWith("the first wave failed on database fw-01: UNIQUE constraint "
                + "failed: t.x (the job halted:");
        for (String name : List.of("fw-schema", "fw-01", "fw-02", "fw-03")) {
            assertThat(version(name)).as(name + " untouched").isEqualTo(v);
        }
    }

    @Test
    void anOnlineChildChangedAfterItsDryRunNeedsAttentionAndARetryFinishesIt() throws Exception {
        List<String> kids = names("na", 3);
        family("na-schema", "online", kids);
        long v = version("na-schema");
        Written w = writeHeldAt("na-schema", "na-02", "CREATE UNIQUE INDEX na_x ON t(x)", false);
        HranaClient.Stream holder = w.holder();
        CompletableFuture<JsonNode> migration = w.request();
        long id = w.job();
        pauseWhileHeld("na-schema", id, holder);
        db("na-01").executeOnce("INSERT INTO t VALUES (1)"); // a conflict created between dry run and apply
        control("na-schema", id, "resume");
        migration.get(30, TimeUnit.SECONDS); // the schema database and the other children are migrated
        JsonNode attention = awaitStatus("na-schema", id, s -> s.equals("NeedsAttention"));
        assertThat(attention.get("status").asText()).isEqualTo("NeedsAttention");
        assertThat(attention.get("error").asText()).startsWith("1 children changed after their dry run and failed "
                + "every attempt, and stay on the old version (na-01: UNIQUE constraint failed: t.x)");
        assertThat(attention.get("failed").asInt()).isEqualTo(1);
        assertThat(version("na-schema")).isEqualTo(v + 1);
        assertThat(version("na-00")).isEqualTo(v + 1);
        assertThat(version("na-01")).isEqualTo(v);

        db("na-01").executeOnce("DELETE FROM t WHERE rowid = (SELECT max(rowid) FROM t)"); // the cause, fixed
        HttpJson.Response retried = http.post(api("na-schema/jobs/" + id + "/retry"), HttpJson.MAPPER.createObjectNode());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(awaitStatus("na-schema", id, s -> s.equals("RunSuccess")).get("status").asText())
                .isEqualTo("RunSuccess");
        assertThat(version("na-01")).isEqualTo(v + 1);
        assertThat(db("na-01").query("SELECT name FROM sqlite_schema WHERE name = 'na_x'")).hasSize(1);
    }

    @Test
    void cancelDuringTheApplyPhaseStartsNoNewTaskAndRetryFinishesTheJob() throws Exception {
        List<String> kids = names("ca", 20);
        family("ca-schema", "online", kids);
        long v = version("ca-schema");
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "ALTER TABLE t ADD COLUMN y");
        body.putObject("first_wave").putArray("databases").add("ca-19");
        long id = submit("ca-schema", body).json().get("job_id").asLong();
        awaitStatus("ca-schema", id, s -> s.equals("WaitingPromote"));
        // Every migration worker will wait at one of these children when the rest follow.
        List<HranaClient.Stream> holders = kids.subList(0, 18).stream().map(FleetControlTest::holdWriteLock).toList();
        control("ca-schema", id, "promote");
        Thread.sleep(300);
        CompletableFuture<HttpJson.Response> cancelled = CompletableFuture.supplyAsync(() -> control("ca-schema", id,
                "cancel"));
        Thread.sleep(200);
        holders.forEach(FleetControlTest::release);
        assertThat(cancelled.get(30, TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("Cancelled");
        long migrated = kids.stream().filter(k -> version(k) == v + 1).count();
        assertThat(migrated).as("the first wave and the tasks in flight").isGreaterThan(1).isLessThan(20);
        assertThat(version("ca-schema")).isEqualTo(v);
        assertThat(job("ca-schema", id).get("error").asText()).isEqualTo("cancelled while applying: " + migrated
                + " children are migrated and stay so; the others and the schema database were not changed (retry "
                + "finishes the job)");

        assertThat(http.post(api("ca-schema/jobs/" + id + "/retry"), HttpJson.MAPPER.createObjectNode()).status())
                .isEqualTo(200);
        assertThat(awaitStatus("ca-schema", id, s -> s.equals("RunSuccess")).get("status").asText())
                .isEqualTo("RunSuccess");
        for (String name : kids) {
            assertThat(version(name)).as(name).isEqualTo(v + 1);
        }
        assertThat(version("ca-schema")).isEqualTo(v + 1);
    }

    @Test
    void theHistorySaysWhoSentEachMigration() throws Exception {
        family("who-schema", "strict", List.of("who-a"));
        String token = http.post(api("who-schema/auth/tokens"), HttpJson.MAPPER.createObjectNode()).json().get("jwt")
                .asText();
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(db("who-schema").url("v2/pipeline")))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"CREATE TABLE by_token (z)\"}}]}"))
                .build();
        assertThat(http.client().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        JsonNode migrations = http.get(db("who-schema").url("v1/jobs")).json().get("migrations");
        assertThat(migrations.get(0).get("sent_by").asText()).isEqualTo("admin"); // the token's subject
        assertThat(migrations.get(1).get("sent_by").asText()).isEqualTo("anonymous (dev server, no token)");
        assertThat(migrations.get(0).get("mode").asText()).isEqualTo("strict");
        assertThat(migrations.get(0).get("children").asInt()).isEqualTo(1);

        HttpJson.Response onChild = http.patch(api("who-a/configuration"), HttpJson.MAPPER.createObjectNode()
                .put("migration_mode", "online"));
        assertThat(onChild.status()).isEqualTo(400);
        assertThat(onChild.json().get("error").asText()).isEqualTo("migration_mode applies to schema databases only: "
                + "who-a is a child (its schema database's mode decides)");
        assertThat(http.patch(api("who-schema/configuration"), HttpJson.MAPPER.createObjectNode()
                .put("migration_mode", "fast")).json().get("error").asText())
                .isEqualTo("invalid migration_mode `fast`: use strict or online");
    }
}
