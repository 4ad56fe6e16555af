package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import static dev.shoal.cli.shell.ShellTestSupport.oneShot;
import static dev.shoal.cli.shell.ShellTestSupport.piped;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shoal.cli.shell.ShellTestSupport.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One-shot and piped input go as Hrana batches, with the behaviour of one statement at a time. */
class BatchingTest {
    private static ShellTestSupport support;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start();
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    /** A script of {@code n} statements: a CREATE TABLE, then INSERTs of ids 1, 2, ... */
    private static StringBuilder inserts(int n) {
        StringBuilder sb = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);\n");
        for (int i = 1; i < n; i++) {
            sb.append("INSERT INTO t VALUES (").append(i).append(", 'row ").append(i).append("');\n");
        }
        return sb;
    }

    private static String csv(ShellTarget t, String select) {
        Run r = oneShot(t, ".mode csv\n.headers off\n" + select);
        assertThat(r.err()).isEmpty();
        return r.out();
    }

    @Test
    void aFiveThousandStatementScriptLoads() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, inserts(5000).toString())).isEqualTo(new Run(0, "", ""));
        assertThat(csv(t, "SELECT count(*), sum(id), max(id), min(name = 'row ' || id) FROM t;"))
                .isEqualTo("4999,12497500,4999,1\n");
    }

    @Test
    void anErrorAtStatement3217StopsThereAndNothingAfterItRuns() {
        ShellTarget t = support.newDatabase();
        StringBuilder script = inserts(5000);
        // statement 3,217 (the INSERT of id 3216) inserts id 7 a second time
        String bad = "INSERT INTO t VALUES (3216, 'row 3216');\n";
        int at = script.indexOf(bad);
        script.replace(at, at + bad.length(), "INSERT INTO t VALUES (7, 'again');\n");
        assertThat(piped(t, script.toString()))
                .isEqualTo(new Run(1, "", "Error: SQLITE_CONSTRAINT: UNIQUE constraint failed: t.id\n"));
        // statements 2..3216 ran (ids 1..3215), none after the failing one
        assertThat(csv(t, "SELECT count(*), max(id) FROM t;")).isEqualTo("3215,3215\n");
    }

    /** The first, last and a middle statement of a batch, and the very last of the script. */
    @ParameterizedTest
    @ValueSource(ints = {2, 500, 501, 1000, 1001, 2750, 5000})
    void anErrorAnywhereStopsAtThatStatement(int failing) {
        ShellTarget t = support.newDatabase();
        StringBuilder script = inserts(5000);
        String bad = "INSERT INTO t VALUES (" + (failing - 1) + ", 'row " + (failing - 1) + "');\n";
        int at = script.indexOf(bad);
        script.replace(at, at + bad.length(), "INSERT INTO nope VALUES (1);\n");
        assertThat(piped(t, script.toString()))
                .isEqualTo(new Run(1, "", "Error: SQLITE_ERROR: no such table: nope\n"));
        assertThat(csv(t, "SELECT count(*), coalesce(max(id), 0) FROM t;"))
                .isEqualTo((failing - 2) + "," + (failing - 2) + "\n");
    }

    @Test
    void selectsInterleavedWithInsertsPrintInOrder() {
        ShellTarget t = support.newDatabase();
        StringBuilder script = new StringBuilder(".mode csv\nCREATE TABLE t(x);\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(");\n");
            if (i % 150 == 0) {
                script.append("SELECT count(*) AS n, max(x) AS m FROM t;\n");
                expected.append("n,m\n").append(i).append(',').append(i).append('\n');
            }
            if (i == 1234) {
                // several statements on one line, one of them returning rows
                script.append("INSERT INTO t VALUES (-1); SELECT 'mid' AS s; DELETE FROM t WHERE x = -1;\n");
                expected.append("s\nmid\n");
            }
        }
        script.append("SELECT count(*) AS total FROM t;\nINSERT INTO t VALUES (0) RETURNING x AS r;\n");
        expected.append("total\n2000\nr\n0\n");
        assertThat(piped(t, script.toString())).isEqualTo(new Run(0, expected.toString(), ""));
        // and in one-shot mode
        assertThat(oneShot(t, ".mode csv\nSELECT 1 AS a; INSERT INTO t VALUES (1); SELECT 2 AS b; SELECT 3 AS c WHERE 0;"
                + " INSERT INTO t VALUES (2) RETURNING 4 AS d;")).isEqualTo(new Run(0, "a\n1\nb\n2\nc\nd\n4\n", ""));
    }

    @Test
    void resultsBeforeTheFailingStatementArePrintedThenItsError() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE TABLE t(x);\nSELECT 'one' AS a;\nINSERT INTO t VALUES (1);\nSELECT 'two' AS b;\n"
                + "SELECT nope;\nSELECT 'three' AS c;\nINSERT INTO t VALUES (2);\n"))
                .isEqualTo(new Run(1, "A   \none     \nB   \ntwo     \n", "Error: SQLITE_ERROR: no such column: nope\n"));
        assertThat(csv(t, "SELECT count(*) FROM t;")).isEqualTo("1\n");
    }

    @Test
    void transactionsSpanBatches() {
        ShellTarget t = support.newDatabase();
        StringBuilder script = new StringBuilder("CREATE TABLE t(x UNIQUE);\nBEGIN;\n");
        for (int i = 1; i <= 1200; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(");\n");
        }
        script.append("ROLLBACK;\nBEGIN;\n");
        for (int i = 1; i <= 1200; i++) {
            script.append("INSERT INTO t VALUES (").append(-i).append(");\n");
        }
        script.append("COMMIT;\n");
        assertThat(piped(t, script.toString())).isEqualTo(new Run(0, "", ""));
        assertThat(csv(t, "SELECT count(*), max(x), min(x) FROM t;")).isEqualTo("1200,-1,-1200\n");

        // an error inside a transaction ends the run; the shell's exit rolls the transaction back
        script = new StringBuilder("BEGIN;\n");
        for (int i = 1; i <= 900; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(");\n");
        }
        script.append("INSERT INTO t VALUES (5);\nCOMMIT;\n");
        assertThat(piped(t, script.toString()))
                .isEqualTo(new Run(1, "", "Error: SQLITE_CONSTRAINT: UNIQUE constraint failed: t.x\n"));
        assertThat(csv(t, "SELECT count(*), max(x) FROM t;")).isEqualTo("1200,-1\n");
    }

    @Test
    void dotCommandsRunBetweenBatchesInOrder() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, """
                CREATE TABLE t(x);
                INSERT INTO t VALUES (1);
                SELECT x FROM t;
                .mode csv
                INSERT INTO t VALUES (2);
                SELECT x FROM t ORDER BY x;
                .tables
                .headers off
                INSERT INTO t VALUES (3);
                SELECT count(*) FROM t;
                .bogus
                INSERT INTO t VALUES (4);
                """)).isEqualTo(new Run(1, "X \n1     \nx\n1\n2\nt     \n3\n",
                "Error: unknown command or invalid arguments: \".bogus\". Enter \".help\" for help\n"));
        assertThat(csv(t, "SELECT count(*) FROM t;")).isEqualTo("3\n");
    }

    @Test
    void batchesAreCutByTheSizeOfTheirSql() throws Exception {
        ShellTarget t = support.newDatabase();
        String big = "x".repeat(Session.MAX_BATCH_CHARS * 2 / 5); // two fit in a batch, three do not
        StringBuilder script = new StringBuilder("CREATE TABLE t(s);\n");
        for (int i = 0; i < 5; i++) {
            script.append("INSERT INTO t VALUES ('").append(big).append("');\nINSERT INTO t VALUES ('small');\n");
        }
        try (CountingProxy proxy = new CountingProxy(t.url())) {
            ShellTarget viaProxy = new ShellTarget(proxy.url(), Optional.empty(), t.displayName(), t.libsqlUrl());
            assertThat(piped(viaProxy, script.toString())).isEqualTo(new Run(0, "", ""));
            // [create, big, small, big, small] [big, small, big, small] [big, small], and the close
            assertThat(proxy.requests.get()).isEqualTo(4);
        }
        assertThat(csv(t, "SELECT count(*), sum(length(s)) FROM t;"))
                .isEqualTo("10," + (5L * big.length() + 5 * 5) + "\n");
    }

    @Test
    void timerReportsEachStatement() {
        ShellTarget t = support.newDatabase();
        Run r = piped(t, "CREATE TABLE t(x);\n.timer on\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n"
                + "SELECT count(*) AS n FROM t;\n.timer off\nINSERT INTO t VALUES (3);\nSELECT 1 AS a;\n");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("Run Time: real \\d+\\.\\d{3}\nRun Time: real \\d+\\.\\d{3}\n"
                + "N \n2     \nRun Time: real \\d+\\.\\d{3}\nA \n1     \n");
    }

    @Test
    void aReadFileIsBatchedAndStopsAtItsFirstError() throws Exception {
        ShellTarget t = support.newDatabase();
        java.nio.file.Path file = support.dir.resolve("batch-read.sql");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 1500; i++) {
            sb.append("INSERT INTO t VALUES (").append(i == 1100 ? 3 : i).append(");\n");
        }
        java.nio.file.Files.writeString(file, sb);
        assertThat(piped(t, "CREATE TABLE t(x UNIQUE);\nSELECT 'before' AS s;\n.read " + file + "\nSELECT 'after';\n"))
                .isEqualTo(new Run(1, "S      \nbefore     \n",
                        "Error: SQLITE_CONSTRAINT: UNIQUE constraint failed: t.x\n"));
        assertThat(csv(t, "SELECT count(*), max(x) FROM t;")).isEqualTo("1099,1099\n");
    }

    @Test
    void fiveThousandStatementsTakeAHandfulOfRequests() throws Exception {
        ShellTarget t = support.newDatabase();
        try (CountingProxy proxy = new CountingProxy(t.url())) {
            ShellTarget viaProxy = new ShellTarget(proxy.url(), Optional.empty(), t.displayName(), t.libsqlUrl());
            assertThat(piped(viaProxy, inserts(5000).toString())).isEqualTo(new Run(0, "", ""));
            // ten full batches of 500, and the close of the stream
            assertThat(proxy.requests.get()).isEqualTo(11);
            proxy.requests.set(0);
            assertThat(oneShot(viaProxy, "SELECT 1; SELECT 2; SELECT 3;").exit()).isZero();
            assertThat(proxy.requests.get()).isEqualTo(2);
        }
        assertThat(csv(t, "SELECT count(*) FROM t;")).isEqualTo("4999\n");
    }

    @Test
    void queuedStatementsRunBeforeTheShellWaitsForMoreInput() throws Exception {
        ShellTarget t = support.newDatabase();
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed, 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return Shell.run(t, Optional.empty(), ShellTestSupport.env(in, o, e), null);
            }
        });
        feed.write("CREATE TABLE t(x);\nINSERT INTO t VALUES (1);\nSELECT 'first' AS s;\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        // the writer waits for the shell's answer before sending more, as a coprocess would
        await(() -> out.toString(StandardCharsets.UTF_8).contains("first"));
        assertThat(csv(t, "SELECT count(*) FROM t;")).isEqualTo("1\n");
        feed.write("INSERT INTO t VALUES (2);\nSELECT 'second' AS s;\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("S     \nfirst     \nS      \nsecond     \n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(csv(t, "SELECT count(*) FROM t;")).isEqualTo("2\n");
    }

    @Test
    void executeBatchReportsTheResultsBeforeTheFailingStatement() throws Exception {
        ShellTarget t = support.newDatabase();
        try (HranaHttp db = new HranaHttp(t.url(), Optional.empty())) {
            HranaHttp.BatchOutcome ok = db.executeBatch(List.of("CREATE TABLE t(x UNIQUE)", "BEGIN",
                    "INSERT INTO t VALUES (1)", "SELECT x, 'a' AS y FROM t"));
            assertThat(ok.error()).isEmpty();
            assertThat(ok.results()).hasSize(4);
            assertThat(ok.results().get(3).columns()).containsExactly("x", "y");
            assertThat(ok.results().get(3).rows()).containsExactly(List.of(new Value.Integer(1), new Value.Text("a")));
            assertThat(db.inTransaction()).isTrue();

            HranaHttp.BatchOutcome failed = db.executeBatch(List.of("INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (1)",
                    "INSERT INTO t VALUES (3)"));
            assertThat(failed.results()).hasSize(1);
            assertThat(failed.error()).hasValueSatisfying(e ->
                    assertThat(e.display()).isEqualTo("SQLITE_CONSTRAINT: UNIQUE constraint failed: t.x"));
            assertThat(db.inTransaction()).isTrue(); // a failed statement does not end the transaction
            db.execute("COMMIT");
            assertThat(db.inTransaction()).isFalse();
            assertThat(db.execute("SELECT group_concat(x) FROM t").rows())
                    .containsExactly(List.of(new Value.Text("1,2")));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Forwards HTTP requests to a server, counting them. */
    private static final class CountingProxy implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final HttpServer server;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        CountingProxy(URI target) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                URI to = target.resolve(exchange.getRequestURI().getPath().substring(1));
                HttpRequest.Builder b = HttpRequest.newBuilder(to)
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Authorization")) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
                try {
                    HttpResponse<byte[]> res = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    res.headers().firstValue("Content-Type")
                            .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                    exchange.sendResponseHeaders(res.statusCode(), res.body().length == 0 ? -1 : res.body().length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(res.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        @Override
        public void close() {
            server.stop(0);
            client.close();
        }
    }
}
