package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turso's Multi-DB Schemas workshop, Part 1, with {@code shoal} for {@code turso}: a Slack-like app
 * with one schema database ({@code slack-schema}) and one child database per workspace. Every step
 * goes through the real commands against a real server that requires tokens, as {@code serve} does.
 *
 * <p>The workshop's own table definitions were not to be found; {@code users}, {@code channels},
 * {@code messages} and {@code direct_messages} below are ordinary Slack-shaped ones.
 */
class SchemaWorkshopTest {
    private static final String SCHEMA = """
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE);
            CREATE TABLE channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE messages (id INTEGER PRIMARY KEY, channel_id INTEGER NOT NULL REFERENCES channels(id),
                user_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL,
                created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
            """;
    private static final String DIRECT_MESSAGES = "CREATE TABLE direct_messages (id INTEGER PRIMARY KEY, "
            + "from_user INTEGER NOT NULL REFERENCES users(id), to_user INTEGER NOT NULL REFERENCES users(id), "
            + "body TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
    private static final String BLOCKED = "Operation was blocked: database ws1 takes its schema from slack-schema; "
            + "apply schema changes there";

    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir, ServerConfig.dev(dir.resolve("data"), 0).withRequireAuth(true)).login();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void partOneSchemaDatabaseWorkspacesIsolationAndAMigrationThatReachesEveryWorkspace() throws Exception {
        long version = createTheSchemaDatabase();
        createTwoWorkspaces(version);
        rowsOfOneWorkspaceStayInIt();
        addDirectMessagesThroughTheSchemaDatabaseUrl();
        for (String db : List.of("slack-schema", "ws1", "ws2")) {
            assertThat(versionIn(show(db))).as(db + ": one statement, one migration").isEqualTo(version + 1);
        }
        workspacesRefuseSchemaChangesOfTheirOwn();
        listBySchemaNamesExactlyTheWorkspaces();
    }

    /** Returns the schema database's version once its schema and first row are in. */
    private long createTheSchemaDatabase() {
        CliHarness.Result created = cli.run("db", "create", "slack-schema", "--type", "schema");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created database slack-schema at group default in ");
        CliHarness.Result shell = cli.input(SCHEMA + "INSERT INTO channels (name) VALUES ('general');\n",
                "db", "shell", "slack-schema");
        assertThat(shell.exit()).as(shell.err()).isZero();
        assertThat(tables("slack-schema")).isEqualTo("channels\nmessages\nusers\n");
        String show = show("slack-schema");
        assertThat(show).contains(line("Is Schema:", "Yes")).doesNotContainPattern("(?m)^Schema:");
        long version = versionIn(show);
        assertThat(version).as("the schema and the row were written as migrations").isPositive();
        return version;
    }

    private void createTwoWorkspaces(long version) {
        for (String ws : List.of("ws1", "ws2")) {
            CliHarness.Result created = cli.run("db", "create", ws, "--schema", "slack-schema");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(tables(ws)).as("born with the schema").isEqualTo("channels\nmessages\nusers\n");
            assertThat(contents(ws)).as("and the rows").isEqualTo(contents("NULL", "NULL", "general"));
            String show = show(ws);
            assertThat(show).contains(line("Is Schema:", "No")).contains(line("Schema:", "slack-schema"));
            assertThat(versionIn(show)).as("at the schema database's version").isEqualTo(version);
        }
    }

    private void rowsOfOneWorkspaceStayInIt() {
        assertThat(sql("ws1", "INSERT INTO users (name, email) VALUES ('Ann', 'ann@ws1.example');"
                + "INSERT INTO messages (channel_id, user_id, body) VALUES (1, 1, 'hello from ws1')").exit()).isZero();
        assertThat(sql("ws2", "INSERT INTO users (name, email) VALUES ('Bob', 'bob@ws2.example');"
                + "INSERT INTO channels (name) VALUES ('random')").exit()).isZero();
        assertThat(contents("ws1")).isEqualTo(contents("1:Ann", "hello from ws1", "general"));
        assertThat(contents("ws2")).as("the same user id, another row")
                .isEqualTo(contents("1:Bob", "NULL", "general random"));
        assertThat(contents("slack-schema")).as("nor in the schema database")
                .isEqualTo(contents("NULL", "NULL", "general"));
    }

    /** What a client does with the printed URL: resolve {@code v2/pipeline} against it, with a database token. */
    private void addDirectMessagesThroughTheSchemaDatabaseUrl() throws Exception {
        String url = cli.run("db", "show", "slack-schema", "--http-url").out().trim();
        String token = cli.run("db", "tokens", "create", "slack-schema").out().trim();
        ObjectMapper json = new ObjectMapper();
        String body = json.writeValueAsString(json.createObjectNode().set("requests", json.createArrayNode()
                .add(json.createObjectNode().put("type", "execute").set("stmt",
                        json.createObjectNode().put("sql", DIRECT_MESSAGES)))
                .add(json.createObjectNode().put("type", "close"))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url).resolve("v2/pipeline"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode first = json.readTree(r.body()).path("results").path(0);
            assertThat(first.path("type").asText()).as(r.body()).isEqualTo("ok");
        }
        CliHarness.Result byUrl = cli.run("db", "shell", url, ".tables");
        assertThat(byUrl.exit()).as(byUrl.err()).isZero();
        assertThat(unpadded(byUrl.out())).isEqualTo("channels\ndirect_messages\nmessages\nusers\n");
        for (String ws : List.of("ws1", "ws2")) {
            assertThat(dot(ws, ".schema direct_messages")).as(ws).isEqualTo(DIRECT_MESSAGES + ";\n");
        }
        assertThat(sql("ws1", "INSERT INTO direct_messages (from_user, to_user, body) VALUES (1, 1, 'note to self')")
                .exit()).isZero();
        assertThat(csv("ws1", "SELECT body FROM direct_messages")).isEqualTo("body\nnote to self\n");
        assertThat(csv("ws2", "SELECT count(*) AS n FROM direct_messages")).isEqualTo("n\n0\n");
        assertThat(contents("ws1")).as("rows survive the migration")
                .isEqualTo(contents("1:Ann", "hello from ws1", "general"));
    }

    private void workspacesRefuseSchemaChangesOfTheirOwn() {
        for (String ddl : List.of("CREATE TABLE reactions (emoji TEXT)", "ALTER TABLE users ADD COLUMN phone TEXT",
                "DROP TABLE messages", "CREATE INDEX users_name ON users(name)")) {
            CliHarness.Result refused = sql("ws1", ddl);
            assertThat(refused.exit()).as(ddl).isEqualTo(1);
            assertThat(refused.err()).as(ddl).isEqualTo("Error: BLOCKED: " + BLOCKED + "\n");
        }
        assertThat(dot("ws1", ".schema")).as("still exactly the schema database's")
                .isEqualTo(dot("slack-schema", ".schema"));
    }

    private void listBySchemaNamesExactlyTheWorkspaces() {
        cli.run("db", "create", "unrelated");
        CliHarness.Result list = cli.run("db", "list", "--schema", "slack-schema");
        assertThat(list.exit()).as(list.err()).isZero();
        String[] lines = list.out().split("\n");
        assertThat(lines[0]).matches("NAME\\s+TYPE\\s+GROUP\\s+URL\\s*");
        List<String> rows = Arrays.asList(lines).subList(1, lines.length);
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().map(r -> r.split("\\s+")[0])).containsExactlyInAnyOrder("ws1", "ws2");
        assertThat(rows).allMatch(r -> r.matches(
                "(ws[12])\\s+child\\s+default\\s+http://127\\.0\\.0\\.1:\\d+/db/admin/\\1/"));
    }

    @Test
    void showOfARegularDatabaseHasNoSchemaVersionAndNoSchema() {
        cli.run("db", "create", "plain");
        assertThat(sql("plain", "PRAGMA user_version = 7").exit()).as("the user's own field here").isZero();
        String show = cli.run("db", "show", "plain").out();
        assertThat(show).contains(line("Is Schema:", "No")).doesNotContainPattern("(?m)^Schema:")
                .as("user_version is the user's own in a regular database").doesNotContain("Version:");
    }

    @Test
    void showSaysWhyTheVersionIsUnknownWhenTheDatabaseCannotBeReadAndShowsTheRest() throws Exception {
        cli.run("db", "create", "locked-schema", "--type", "schema");
        HttpRequest blockReads = HttpRequest.newBuilder(URI.create(cli.server.url()
                        + "/v1/organizations/admin/databases/locked-schema/configuration"))
                .header("Authorization", "Bearer " + cli.apiToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"block_reads\": true}")).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(blockReads, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        CliHarness.Result show = cli.run("db", "show", "locked-schema");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out())
                .contains(line("Version:", "unknown (Operation was blocked: reads are blocked on this database)"))
                .contains(line("Is Schema:", "Yes")).contains("Database Instances:");
    }

    @Test
    void createHelpSaysAChildIsBornWithTheSchemaAndRowsAndReceivesEveryMigration() {
        String help = cli.run("db", "create", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("born with the schema database's current schema and rows")
                .contains("receives every later migration");
    }

    private CliHarness.Result sql(String db, String text) {
        return cli.run("db", "shell", db, text);
    }

    private String tables(String db) {
        return dot(db, ".tables");
    }

    /** A dot-command's output without the padding the shell's table layout adds at the ends of lines. */
    private String dot(String db, String command) {
        CliHarness.Result r = sql(db, command);
        assertThat(r.exit()).as(r.err()).isZero();
        return unpadded(r.out());
    }

    private static String unpadded(String text) {
        return text.replaceAll(" +\n", "\n");
    }

    private String csv(String db, String select) {
        CliHarness.Result r = sql(db, ".mode csv\n" + select + ";");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    /** One workspace at a glance: its users (id:name), messages and channels, in id order. */
    private String contents(String db) {
        return csv(db, "SELECT (SELECT group_concat(id || ':' || name, ' ' ORDER BY id) FROM users) AS users, "
                + "(SELECT group_concat(body, ' ' ORDER BY id) FROM messages) AS messages, "
                + "(SELECT group_concat(name, ' ' ORDER BY id) FROM channels) AS channels");
    }

    private static String contents(String users, String messages, String channels) {
        return "users,messages,channels\n" + users + "," + messages + "," + channels + "\n";
    }

    private String show(String db) {
        CliHarness.Result r = cli.run("db", "show", db);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    private static long versionIn(String show) {
        Matcher m = Pattern.compile("(?m)^Version: +(\\d+)$").matcher(show);
        assertThat(m.find()).as(show).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String line(String label, String value) {
        return String.format("%-19s %s", label, value) + "\n";
    }
}
