package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.allOk;
import static dev.shoal.server.auth.SqlCalls.b64url;
import static dev.shoal.server.auth.SqlCalls.payload;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.auth.SqlCalls.unauthorized;
import static dev.shoal.server.auth.SqlCalls.value;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.auth.Access;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.storage.keys.FileTokenKeys;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database and group tokens on the SQL API of a server that requires them (serve-like): minting,
 * read-only enforcement, expiry, rotation of database and group credentials, and forged tokens.
 */
class DatabaseTokenAuthTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static PlatformHttp admin;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0).withRequireAuth(true));
        admin = new PlatformHttp(server.url(), server.firstApiToken().orElseThrow());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Creates a database (in {@code group}, or default) with a table t(x) holding one row; returns its URL. */
    private static String createDb(String name, String group) {
        return SqlCalls.createDbWithRow(admin, name, group);
    }

    private static void createGroup(String name) {
        ok(admin.post("/v1/organizations/admin/groups", obj().put("name", name)));
    }

    private static String dbToken(String db, String query) {
        return SqlCalls.dbToken(admin, db, query);
    }

    private static String groupToken(String group, String query) {
        return SqlCalls.groupToken(admin, group, query);
    }

    private static UUID groupId(String group) {
        return UUID.fromString(ok(admin.get("/v1/organizations/admin/groups/" + group)).get("group").get("uuid").asText());
    }

    private static HttpJson.Response count(String url, String jwt) {
        return pipeline(url, jwt, "SELECT count(*) FROM t");
    }

    @Test
    void missingTokenIs401WithAJsonBody() {
        String url = createDb("needs-token", null);
        unauthorized(pipeline(url, null, "SELECT 1"), "missing auth token");
        unauthorized(new PlatformHttp(url, null).get(url + "v2"), "missing auth token");
        unauthorized(new PlatformHttp(url, null).post(url + "v3/pipeline", "{\"baton\":null,\"requests\":[]}"),
                "missing auth token");
    }

    @Test
    void fullAccessTokenReadsAndWrites() {
        String url = createDb("full", null);
        String jwt = dbToken("full", "?authorization=full-access");
        allOk(pipeline(url, jwt, "INSERT INTO t VALUES (2)"));
        assertThat(value(count(url, jwt), 0)).isEqualTo(2L);
        JsonNode claims = payload(jwt);
        assertThat(claims.get("a").asText()).isEqualTo("rw");
        assertThat(claims.get("id").asText()).isEqualTo(server.databases().get("admin", "full").id().toString());
        assertThat(claims.has("exp")).isFalse();
        assertThat(claims.has("iat")).isTrue();
        assertThat(HttpJson.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
                StandardCharsets.UTF_8)).get("alg").asText()).isEqualTo("EdDSA");
    }

    @Test
    void tokenOnTheBareUrlReachesTheDatabaseItNames() {
        createDb("bare-target", null);
        String jwt = dbToken("bare-target", "");
        allOk(pipeline(server.url(), jwt, "INSERT INTO t VALUES (5)"));
        assertThat(value(count("http://" + ok(admin.get("/v1/databases/bare-target")).get("database").get("Hostname")
                .asText(), jwt), 0)).isEqualTo(2L);
    }

    @Test
    void readOnlyTokenReadsButWritesFailWithSqliteReadonly() {
        String url = createDb("ro-db", null);
        String ro = dbToken("ro-db", "?authorization=read-only");
        assertThat(payload(ro).get("a").asText()).isEqualTo("ro");
        assertThat(value(count(url, ro), 0)).isEqualTo(1L);
        stmtError(pipeline(url, ro, "INSERT INTO t VALUES (2)"), 0, "SQLITE_READONLY");
        stmtError(pipeline(url, ro, "CREATE TABLE u(y)"), 0, "SQLITE_READONLY");
        stmtError(pipeline(url, ro, "DELETE FROM t"), 0, "SQLITE_READONLY");
        assertThat(value(count(url, dbToken("ro-db", "")), 0)).isEqualTo(1L);
        // a read-only group token is read-only too
        String roGroup = groupToken("default", "?authorization=read-only");
        assertThat(value(count(url, roGroup), 0)).isEqualTo(1L);
        stmtError(pipeline(url, roGroup, "INSERT INTO t VALUES (3)"), 0, "SQLITE_READONLY");
    }

    @Test
    void tokenWithAFutureExpirationWorksAndCarriesExp() {
        String url = createDb("expiring", null);
        String jwt = dbToken("expiring", "?expiration=1d");
        long exp = payload(jwt).get("exp").asLong();
        long iat = payload(jwt).get("iat").asLong();
        assertThat(exp - iat).isEqualTo(86_400L);
        assertThat(value(count(url, jwt), 0)).isEqualTo(1L);
    }

    @Test
    void expiredTokenIs401() {
        String url = createDb("expired", null);
        dbToken("expired", ""); // the group key exists on disk from here on
        DatabaseRecord rec = server.databases().get("admin", "expired");
        UUID gid = groupId("default");
        FileTokenKeys keys = new FileTokenKeys(server.config().storage().dataDir().resolve("keys"));
        assertThat(keys.privateKeyFile(gid)).exists();

        // control: the same recipe with the current time is accepted, so the key is the server's
        String fresh = new DatabaseTokens(keys, Clock.systemUTC()).mintDatabaseToken(gid, rec.id(), rec.tokenGeneration(),
                Access.FULL_ACCESS, Optional.of(Duration.ofMinutes(5)), List.of());
        assertThat(value(count(url, fresh), 0)).isEqualTo(1L);

        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new DatabaseTokens(keys, past).mintDatabaseToken(gid, rec.id(), rec.tokenGeneration(),
                Access.FULL_ACCESS, Optional.of(Duration.ofHours(1)), List.of());
        unauthorized(count(url, expired), "token has expired");

        String expiredGroup = new DatabaseTokens(keys, past).mintGroupToken(gid, Access.FULL_ACCESS,
                Optional.of(Duration.ofMinutes(10)), List.of());
        unauthorized(count(url, expiredGroup), "token has expired");

        // expired by less than the 30 s clock skew: still accepted
        Clock justPast = Clock.fixed(Instant.now().minus(Duration.ofSeconds(15)), ZoneOffset.UTC);
        String withinSkew = new DatabaseTokens(keys, justPast).mintDatabaseToken(gid, rec.id(), rec.tokenGeneration(),
                Access.FULL_ACCESS, Optional.of(Duration.ofSeconds(5)), List.of());
        assertThat(value(count(url, withinSkew), 0)).isEqualTo(1L);
    }

    @Test
    void rotatingADatabaseInvalidatesItsTokensButNotGroupTokens() {
        String url = createDb("rotating", null);
        String old = dbToken("rotating", "");
        String oldRo = dbToken("rotating", "?authorization=read-only");
        String group = groupToken("default", "");
        assertThat(value(count(url, old), 0)).isEqualTo(1L);

        assertThat(ok(admin.post("/v1/organizations/admin/databases/rotating/auth/rotate"))).isEqualTo(obj());

        unauthorized(count(url, old), "rotated");
        unauthorized(count(url, oldRo), "rotated");
        String fresh = dbToken("rotating", "");
        assertThat(value(count(url, fresh), 0)).isEqualTo(1L);
        assertThat(value(count(url, group), 0)).isEqualTo(1L);
    }

    @Test
    void groupTokenWorksOnEveryDatabaseOfItsGroupOnly() {
        createGroup("red");
        createGroup("yellow");
        String red1 = createDb("red-one", "red");
        String red2 = createDb("red-two", "red");
        String yellow = createDb("yellow-one", "yellow");
        String token = groupToken("red", "");
        assertThat(payload(token).has("id")).isFalse();
        assertThat(payload(token).get("gid").asText()).isEqualTo(groupId("red").toString());

        allOk(pipeline(red1, token, "INSERT INTO t VALUES (2)"));
        assertThat(value(count(red1, token), 0)).isEqualTo(2L);
        assertThat(value(count(red2, token), 0)).isEqualTo(1L);
        unauthorized(count(yellow, token), "");
        // a database created after the token was minted is covered too
        String red3 = createDb("red-three", "red");
        assertThat(value(count(red3, token), 0)).isEqualTo(1L);
    }

    @Test
    void rotatingAGroupInvalidatesItsGroupAndDatabaseTokensOnly() {
        createGroup("purple");
        createGroup("orange");
        String p1 = createDb("purple-one", "purple");
        String o1 = createDb("orange-one", "orange");
        String groupTok = groupToken("purple", "");
        String dbTok = dbToken("purple-one", "");
        String otherGroupDbTok = dbToken("orange-one", "");
        assertThat(value(count(p1, groupTok), 0)).isEqualTo(1L);
        assertThat(value(count(p1, dbTok), 0)).isEqualTo(1L);

        assertThat(ok(admin.post("/v1/organizations/admin/groups/purple/auth/rotate"))).isEqualTo(obj());

        unauthorized(count(p1, groupTok), "");
        unauthorized(count(p1, dbTok), "");
        assertThat(value(count(o1, otherGroupDbTok), 0)).as("another group's tokens").isEqualTo(1L);
        assertThat(value(count(p1, groupToken("purple", "")), 0)).isEqualTo(1L);
        assertThat(value(count(p1, dbToken("purple-one", "")), 0)).isEqualTo(1L);
    }

    @Test
    void tokenForOneDatabaseIsRefusedOnAnother() {
        String a = createDb("db-a", null);
        String b = createDb("db-b", null);
        String tokenA = dbToken("db-a", "");
        assertThat(value(count(a, tokenA), 0)).isEqualTo(1L);
        unauthorized(count(b, tokenA), "token is for another database");
        createGroup("far");
        String c = createDb("db-c", "far");
        unauthorized(count(c, tokenA), "");
    }

    @Test
    void readOnlyTokenCannotWriteThroughPragmasOrTransactions() {
        String url = createDb("ro-sneaky", null);
        String ro = dbToken("ro-sneaky", "?authorization=read-only");
        stmtError(pipeline(url, ro, "PRAGMA user_version = 7"), 0, "SQLITE_READONLY");
        HttpJson.Response tx = pipeline(url, ro, "BEGIN", "INSERT INTO t VALUES (2)", "COMMIT");
        stmtError(tx, 1, "SQLITE_READONLY");
        assertThat(value(pipeline(url, ro, "PRAGMA user_version"), 0)).isEqualTo(0L);
        assertThat(value(count(url, ro), 0)).isEqualTo(1L);
    }

    @Test
    void rotationTakesEffectOnAnAlreadyOpenStream() {
        String url = createDb("open-stream", null);
        String old = dbToken("open-stream", "");
        PlatformHttp sql = new PlatformHttp(url, old);
        HttpJson.Response first = sql.post(url + "v2/pipeline", Hrana.pipelineBody(null, Hrana.execute("SELECT 1")));
        allOk(first);
        String baton = first.json().get("baton").asText();
        assertThat(baton).isNotEmpty();
        ok(admin.post("/v1/organizations/admin/databases/open-stream/auth/rotate"));
        unauthorized(sql.post(url + "v2/pipeline", Hrana.pipelineBody(baton, Hrana.execute("SELECT 2"))), "rotated");
    }

    @Test
    void tokenOfADeletedDatabaseDoesNotOpenANewDatabaseOfTheSameName() {
        String url = createDb("reborn", null);
        String old = dbToken("reborn", "");
        ok(admin.delete("/v1/organizations/admin/databases/reborn"));
        createDb("reborn", null);
        unauthorized(count(url, old), "token is for another database");
    }

    @Test
    void groupTokenOfADeletedGroupDoesNotOpenANewGroupOfTheSameName() {
        createGroup("phoenix");
        String url = createDb("phoenix-db", "phoenix");
        String old = groupToken("phoenix", "");
        assertThat(value(count(url, old), 0)).isEqualTo(1L);
        ok(admin.delete("/v1/organizations/admin/groups/phoenix"));
        createGroup("phoenix");
        String url2 = createDb("phoenix-db", "phoenix");
        assertThat(url2).isEqualTo(url);
        unauthorized(count(url2, old), "");
    }

    @Test
    void algNoneTokenIsRefused() {
        String url = createDb("alg-none", null);
        String real = dbToken("alg-none", "");
        String[] parts = real.split("\\.");
        String noneHeader = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        unauthorized(count(url, noneHeader + "." + parts[1] + "."), "");
        unauthorized(count(url, noneHeader + "." + parts[1] + "." + parts[2]), "");
        unauthorized(count(url, b64url("{\"alg\":\"NONE\"}") + "." + parts[1] + "." + parts[2]), "");
        unauthorized(count(url, b64url("{\"typ\":\"JWT\"}") + "." + parts[1] + "."), "");
    }

    @Test
    void hs256TokenSignedWithThePublicKeyIsRefused() throws Exception {
        String url = createDb("alg-confusion", null);
        String real = dbToken("alg-confusion", "");
        UUID gid = groupId("default");
        FileTokenKeys keys = new FileTokenKeys(server.config().storage().dataDir().resolve("keys"));
        KeyPair pair = keys.current(gid);
        byte[] der = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        byte[] pem = Files.readAllBytes(keys.publicKeyFile(gid));
        String payload = real.split("\\.")[1];
        for (byte[] secret : List.of(pem, der, raw)) {
            String signingInput = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + payload;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String forged = signingInput + "." + b64url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            unauthorized(count(url, forged), "");
        }
        assertThat(value(count(url, real), 0)).isEqualTo(1L);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String url = createDb("tampered", null);
        String ro = dbToken("tampered", "?authorization=read-only");
        String[] parts = ro.split("\\.");
        ObjectNode claims = (ObjectNode) payload(ro);
        claims.put("a", "rw");
        String forged = parts[0] + "." + b64url(claims.toString()) + "." + parts[2];
        unauthorized(pipeline(url, forged, "INSERT INTO t VALUES (9)"), "signature");

        // dropping the expiry of an expiring token is tampering too
        String expiring = dbToken("tampered", "?expiration=1h");
        String[] ep = expiring.split("\\.");
        ObjectNode ec = (ObjectNode) payload(expiring);
        ec.remove("exp");
        unauthorized(count(url, ep[0] + "." + b64url(ec.toString()) + "." + ep[2]), "signature");

        // a flipped signature character
        char last = parts[2].charAt(5);
        String badSig = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A')
                + parts[2].substring(6);
        unauthorized(count(url, badSig), "");
        assertThat(value(count(url, ro), 0)).isEqualTo(1L);
    }

    @Test
    void garbageTokensAreRefused() {
        String url = createDb("garbage-target", null);
        unauthorized(count(url, "garbage"), "token contains an invalid number of segments");
        unauthorized(count(url, "a.b.c.d"), "token contains an invalid number of segments");
        unauthorized(count(url, "a.b.c"), "");
        unauthorized(count(url, server.firstApiToken().orElseThrow()), "");
        unauthorized(new PlatformHttp(url, null).withAuthorizationHeader("Basic eDp5")
                .post(url + "v2/pipeline", "{\"baton\":null,\"requests\":[]}"), "Bearer");
    }
}
