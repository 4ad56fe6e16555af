package dev.shoal.bench;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of the point-select harness, in both forms: a {@link JdbcLoad.Work} for the in-process
 * baseline and an {@link HttpLoad.Work} sending the same statements as Hrana over HTTP, as
 * {@code @libsql/client} would ({@code execute} + {@code close}; a write batch as BEGIN IMMEDIATE,
 * each step conditioned on the one before, COMMIT, ROLLBACK unless the COMMIT ran).
 */
final class SqlWorkloads {
    static final String SELECT = "SELECT v FROM kv WHERE k = ?";
    static final String INSERT = "INSERT INTO w(k, v) VALUES (?, ?)";
    static final String SCAN = "SELECT k, v FROM big";
    static final int BATCH_ROWS = 10;
    private static final Pattern BATON = Pattern.compile("\"baton\":\"([^\"]+)\"");

    private final int port;
    private final int rows;
    private final int scanRows;

    SqlWorkloads(int port, int rows, int scanRows) {
        this.port = port;
        this.rows = rows;
        this.scanRows = scanRows;
    }

    int port() {
        return port;
    }

    /** The tables every phase reads or writes, with {@code rows} and {@code scanRows} rows. */
    String[] schema() {
        String[] kv = keyValueTable("kv", rows);
        return new String[] {
            kv[0], kv[1], kv[2],
            "CREATE TABLE IF NOT EXISTS big(k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
            "DELETE FROM big",
            fill("big", scanRows),
            "CREATE TABLE IF NOT EXISTS w(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v TEXT NOT NULL)",
        };
    }

    /** {@code table(k, v)} made (or emptied) and filled with {@code n} rows {@code (k, 'value-' || k)}. */
    static String[] keyValueTable(String table, int n) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + table + "(k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
            "DELETE FROM " + table,
            fill(table, n),
        };
    }

    private static String fill(String table, int n) {
        return "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + n + ") "
                + "INSERT INTO " + table + " SELECT k, 'value-' || k FROM n";
    }

    // ---------------------------------------------------------------- in-process

    JdbcLoad.Work jdbcSelect() {
        return c -> {
            PreparedStatement ps = c.prepareStatement(SELECT);
            return (rnd, verify) -> {
                int k = 1 + rnd.nextInt(rows);
                ps.setLong(1, k);
                String v = null;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        v = rs.getString(1);
                    }
                }
                return !verify || ("value-" + k).equals(v) ? null : "k=" + k + " read " + v;
            };
        };
    }

    JdbcLoad.Work jdbcInsert() {
        return c -> {
            PreparedStatement ps = c.prepareStatement(INSERT);
            return (rnd, verify) -> insertOne(ps, rnd.nextInt(rows));
        };
    }

    JdbcLoad.Work jdbcBatch() {
        return c -> {
            PreparedStatement ps = c.prepareStatement(INSERT);
            Statement st = c.createStatement();
            return (rnd, verify) -> {
                st.execute("BEGIN IMMEDIATE");
                String wrong = null;
                for (int i = 0; i < BATCH_ROWS && wrong == null; i++) {
                    wrong = insertOne(ps, rnd.nextInt(rows));
                }
                st.execute(wrong == null ? "COMMIT" : "ROLLBACK");
                return wrong;
            };
        };
    }

    private static String insertOne(PreparedStatement ps, int k) throws java.sql.SQLException {
        ps.setLong(1, k);
        ps.setString(2, "value-" + k);
        int n = ps.executeUpdate();
        return n == 1 ? null : "INSERT changed " + n + " rows";
    }

    JdbcLoad.Work jdbcScan() {
        return c -> {
            PreparedStatement ps = c.prepareStatement(SCAN);
            return (rnd, verify) -> {
                long n = 0;
                long sum = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sum += rs.getLong(1) + rs.getString(2).length();
                        n++;
                    }
                }
                return n == scanRows && sum > 0 ? null : "scan read " + n + " rows";
            };
        };
    }

    // ---------------------------------------------------------------- over HTTP

    private static String pipeline(String stmts) {
        return "{\"requests\":[" + stmts + ",{\"type\":\"close\"}]}";
    }

    private static String stmt(String sql, String argsJson) {
        return "{\"sql\":\"" + sql + "\"" + (argsJson == null ? "" : ",\"args\":" + argsJson) + "}";
    }

    private static String execute(String sql, String argsJson) {
        return "{\"type\":\"execute\",\"stmt\":" + stmt(sql, argsJson) + "}";
    }

    private static String intArg(int k) {
        return "{\"type\":\"integer\",\"value\":\"" + k + "\"}";
    }

    private static String insertArgs(int k) {
        return "[" + intArg(k) + ",{\"type\":\"text\",\"value\":\"value-" + k + "\"}]";
    }

    /** The whole load of the tables, as one pipeline. */
    byte[] loadRequest() {
        StringBuilder b = new StringBuilder();
        for (String sql : schema()) {
            b.append(b.isEmpty() ? "" : ",").append(execute(sql, null));
        }
        return MiniHttp.post(port, "/v2/pipeline", pipeline(b + "," + execute("SELECT count(*) FROM big", null)));
    }

    HttpLoad.Work floor() {
        byte[] request = MiniHttp.get(port, "/health");
        return (c, rnd, verify) -> {
            int status = c.exchange(request);
            return status == 200 ? null : "GET /health: HTTP " + status;
        };
    }

    HttpLoad.Work select() {
        byte[][] requests = new byte[rows + 1][];
        byte[][] expect = new byte[rows + 1][];
        for (int k = 1; k <= rows; k++) {
            requests[k] = MiniHttp.post(port, "/v2/pipeline", pipeline(execute(SELECT, "[" + intArg(k) + "]")));
            expect[k] = ("\"rows\":[[{\"type\":\"text\",\"value\":\"value-" + k + "\"}]]").getBytes(StandardCharsets.UTF_8);
        }
        return (c, rnd, verify) -> {
            int k = 1 + rnd.nextInt(rows);
            int status = c.exchange(requests[k]);
            if (status != 200) {
                return "HTTP " + status + " " + c.bodyString();
            }
            return !verify || c.bodyContains(expect[k]) ? null : "unexpected body for k=" + k + ": " + c.bodyString();
        };
    }

    HttpLoad.Work insert() {
        byte[][] requests = new byte[rows][];
        for (int k = 0; k < rows; k++) {
            requests[k] = MiniHttp.post(port, "/v2/pipeline", pipeline(execute(INSERT, insertArgs(k))));
        }
        return answeredWith(requests, "\"affected_row_count\":1,");
    }

    HttpLoad.Work batch() {
        byte[][] requests = new byte[rows][];
        for (int k = 0; k < rows; k++) {
            StringBuilder steps = new StringBuilder("{\"stmt\":" + stmt("BEGIN IMMEDIATE", null) + "}");
            for (int i = 1; i <= BATCH_ROWS; i++) {
                steps.append(",{\"condition\":{\"type\":\"ok\",\"step\":").append(i - 1).append("},\"stmt\":")
                        .append(stmt(INSERT, insertArgs((k + i) % rows))).append('}');
            }
            int commit = BATCH_ROWS + 1;
            steps.append(",{\"condition\":{\"type\":\"ok\",\"step\":").append(commit - 1).append("},\"stmt\":")
                    .append(stmt("COMMIT", null)).append('}');
            steps.append(",{\"condition\":{\"type\":\"not\",\"cond\":{\"type\":\"ok\",\"step\":").append(commit)
                    .append("}},\"stmt\":").append(stmt("ROLLBACK", null)).append('}');
            requests[k] = MiniHttp.post(port, "/v2/pipeline",
                    pipeline("{\"type\":\"batch\",\"batch\":{\"steps\":[" + steps + "]}}"));
        }
        return answeredWith(requests, "\"step_errors\":[" + "null,".repeat(BATCH_ROWS + 2) + "null]");
    }

    /** A random one of {@code requests}; right when the answer is a 200 holding {@code expected}. */
    private static HttpLoad.Work answeredWith(byte[][] requests, String expected) {
        byte[] needle = expected.getBytes(StandardCharsets.UTF_8);
        byte[] error = "\"type\":\"error\"".getBytes(StandardCharsets.UTF_8);
        return (c, rnd, verify) -> {
            int status = c.exchange(requests[rnd.nextInt(requests.length)]);
            if (status != 200) {
                return "HTTP " + status + " " + c.bodyString();
            }
            boolean right = c.bodyContains(needle) && !c.bodyContains(error);
            return !verify || right ? null : "unexpected body: " + c.bodyString();
        };
    }

    /** {@code /v3/cursor} over the whole {@code big} table, then a pipeline closing the stream. */
    HttpLoad.Work cursor() {
        byte[] request = MiniHttp.post(port, "/v3/cursor",
                "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":" + stmt(SCAN, null) + "}]}}");
        byte[] stepError = "\"type\":\"step_error\"".getBytes(StandardCharsets.UTF_8);
        return (c, rnd, verify) -> {
            int status = c.exchange(request);
            if (status != 200) {
                return "cursor: HTTP " + status + " " + c.bodyString();
            }
            int lines = c.bodyCount((byte) '\n'); // baton, step_begin, one per row, step_end
            boolean failed = c.bodyContains(stepError);
            String head = new String(c.body(), 0, Math.min(c.bodyLength(), 200), StandardCharsets.UTF_8);
            Matcher baton = BATON.matcher(head);
            if (!baton.find()) {
                return "cursor answer has no baton: " + head;
            }
            int closed = c.exchange(MiniHttp.post(port, "/v3/pipeline",
                    "{\"baton\":\"" + baton.group(1) + "\",\"requests\":[{\"type\":\"close\"}]}"));
            if (lines != scanRows + 3 || failed || closed != 200) {
                return "cursor: " + lines + " lines for " + scanRows + " rows, step error " + failed + ", close HTTP " + closed;
            }
            return null;
        };
    }
}
