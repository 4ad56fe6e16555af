package dev.shoal.bench;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * SQL over HTTP against its two floors, every phase time-bounded (warm-up, then a measured window)
 * and all of them interleaved in each run:
 * <ul>
 *   <li>{@code select}: point SELECTs ({@code SELECT v FROM kv WHERE k = ?}) in-process through
 *       JDBC (one connection per thread), the <b>HTTP floor</b> ({@code GET /health}: what the
 *       server costs with no SQL), and {@code POST /v2/pipeline} (execute + close) over the same
 *       keep-alive connections; then the floor and the SELECT through {@code wrk} if it is on the
 *       PATH;</li>
 *   <li>{@code write}: single-row autocommit INSERTs and 10-row transactional batches, in-process
 *       with one connection and over HTTP;</li>
 *   <li>{@code cursor}: a 100,000-row scan in-process and over {@code /v3/cursor}, in rows/s;</li>
 *   <li>{@code ceiling}: the same floor and point SELECT against {@link StackCeilingServer}, the
 *       same WebServer and SQLite binding with none of Shoal (a bound, not a Hrana server), plus a
 *       POST with a canned answer through {@code wrk}.</li>
 * </ul>
 * The server runs as a separate JVM by default ({@code --server process}), so client and server
 * costs are separable; both still share the machine's cores. {@link BenchSummary} prints medians and
 * per-run ratios.
 */
public final class PointSelectBench {
    private static final Set<String> GROUPS = Set.of("select", "ceiling", "write", "cursor");

    private final Options o;
    private final SqlWorkloads sql;
    private final JdbcLoad jdbc;
    private final HttpLoad http;
    private final WrkLoad wrk;
    private final Path baseline;
    private final Ceiling ceiling;

    /** The stack-ceiling server's clients, when the {@code ceiling} phases run. */
    private record Ceiling(SqlWorkloads sql, HttpLoad http, WrkLoad wrk) {}

    private PointSelectBench(Options o, SqlWorkloads sql, HttpLoad http, WrkLoad wrk, Path baseline, Ceiling ceiling) {
        this.o = o;
        this.sql = sql;
        this.jdbc = new JdbcLoad(o.verifyEvery);
        this.http = http;
        this.wrk = wrk;
        this.baseline = baseline;
        this.ceiling = ceiling;
    }

    private record Options(int duration, int warmup, int rewarm, int threads, int writeClients, int rows,
            int scanRows, int runs, String serverMode, Path jar, String serverJvm, int verifyEvery, String wrkMode,
            int wrkThreads, boolean keep, List<String> groups) {
        static Options parse(Args a) {
            Options o = new Options(a.integer("duration", 10), a.integer("warmup", 10), a.integer("rewarm", 3),
                    a.integer("threads", 32), a.integer("write-clients", a.integer("threads", 32)),
                    a.integer("rows", 10_000), a.integer("scan-rows", 100_000), a.integer("runs", 3),
                    a.string("server", "process"), a.path("jar", "cli/target/shoal-cli.jar"),
                    a.string("server-jvm", ""), a.integer("verify-every", 4), a.string("wrk", "auto"),
                    a.integer("wrk-threads", 2), a.flag("keep", false),
                    List.of(a.string("phases", "select,ceiling,write,cursor").split(",")));
            a.checkAllUsed();
            if (!o.serverMode.equals("process") && !o.serverMode.equals("inproc")) {
                throw new IllegalArgumentException("--server must be process or inproc");
            }
            if (!GROUPS.containsAll(o.groups)) {
                throw new IllegalArgumentException("--phases takes a comma-separated list of " + GROUPS);
            }
            return o;
        }

        /** The first run warms the JITs; later ones only let the connections settle. */
        int warmupFor(int run) {
            return run == 1 ? warmup : Math.min(warmup, rewarm);
        }
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("""
                    PointSelectBench: SQL over HTTP against the HTTP floor and in-process JDBC.
                      --phases LIST     comma-separated: select (JDBC, floor, SELECT, wrk), ceiling (floor and
                                        SELECT on the same stack with none of Shoal: StackCeilingServer),
                                        write (INSERT, 10-row batch), cursor (100k-row scan);
                                        default select,ceiling,write,cursor
                      --duration S      measured seconds per phase (default 10)
                      --warmup S        warm-up seconds before each phase of run 1 (default 10; the server JIT needs it)
                      --rewarm S        warm-up seconds before each phase of later runs (default 3)
                      --threads N       JDBC SELECT threads / HTTP keep-alive connections (default 32)
                      --write-clients N HTTP connections for the write phases (default: --threads); JDBC writes use 1
                      --rows N          rows in the kv table (default 10000)
                      --scan-rows N     rows in the scanned table (default 100000)
                      --runs N          repeat every phase N times, interleaved; report medians (default 3)
                      --server MODE     process (separate JVM, default) or inproc (same JVM as the client)
                      --jar PATH        shoal CLI jar for --server process (default cli/target/shoal-cli.jar);
                                        copied with its lib/ to a temp dir first
                      --server-jvm ARGS extra JVM options for the server process, e.g. "-Xmx1g"
                      --verify-every N  check the answer of every Nth request (default 4; 1 = all)
                      --wrk MODE        auto (use wrk if on PATH, else only the Java client; default), on, off
                      --wrk-threads N   wrk threads (default 2)
                      --keep            keep the temp directory (server log, data)
                    """);
            return;
        }
        Options o = Options.parse(a);
        Path wrkPath = o.wrkMode.equals("off") ? null : WrkLoad.find();
        if (o.wrkMode.equals("on") && wrkPath == null) {
            throw new IllegalStateException("--wrk on but wrk is not on PATH (apt-get install wrk)");
        }
        Path tmp = Files.createTempDirectory("shoal-bench-select-");
        System.out.printf("PointSelectBench: phases %s, %d connections (%d for writes), %,d rows, %,d scanned rows, "
                        + "%d s warm-up (%d s after run 1) + %d s measured, %d run(s)%n", String.join(",", o.groups),
                o.threads, o.writeClients, o.rows, o.scanRows, o.warmup, o.rewarm, o.duration, o.runs);
        System.out.println("  machine: " + Proc.machine());
        System.out.println("  load average before: " + Proc.loadAverage() + "   temp dir: " + tmp);
        System.out.println("  clients: Java socket client (MiniHttp)" + (wrkPath == null
                ? "; wrk not on PATH (apt-get install wrk), so no wrk phases" : " and wrk at " + wrkPath));
        List<Measure> all = new ArrayList<>();
        try {
            runAll(o, tmp, wrkPath, all);
        } finally {
            if (!o.keep) {
                deleteTree(tmp);
            } else {
                System.out.println("  kept " + tmp);
            }
        }
        BenchSummary.print(all, o.runs);
    }

    private static void runAll(Options o, Path tmp, Path wrkPath, List<Measure> all) throws Exception {
        ServerProcess sp = null;
        AutoCloseable server;
        int port;
        long serverPid = -1;
        if (o.serverMode.equals("process")) {
            Path staged = ServerProcess.stageJar(o.jar, tmp.resolve("server-jar"));
            List<String> jvm = o.serverJvm.isBlank() ? List.of() : Arrays.asList(o.serverJvm.trim().split("\\s+"));
            sp = ServerProcess.start(staged, tmp.resolve("data"), jvm);
            server = sp;
            port = sp.port();
            serverPid = sp.pid();
            System.out.println("  server: separate JVM, pid " + serverPid + ", port " + port
                    + (jvm.isEmpty() ? "" : ", JVM options " + jvm) + ", jar copied from " + o.jar.toAbsolutePath());
        } else {
            ShoalServer s = ShoalServer.start(ServerConfig.dev(tmp.resolve("data"), 0));
            server = s;
            port = s.port();
            System.out.println("  server: in-process (same JVM as the client: CPU split not available), port " + port);
        }
        SqlWorkloads sql = new SqlWorkloads(port, o.rows, o.scanRows);
        Path baseline = tmp.resolve("baseline.db");
        ServerProcess bare = o.groups.contains("ceiling")
                ? ServerProcess.startMain(StackCeilingServer.class, List.of("--db", tmp.resolve("ceiling.db").toString(),
                        "--rows", Integer.toString(o.rows)), tmp.resolve("ceiling-server.log"))
                : null;
        try (server; bare; HttpLoad http = new HttpLoad(port, Math.max(o.threads, o.writeClients), serverPid, sp, o.verifyEvery);
                HttpLoad bareHttp = bare == null ? null : new HttpLoad(bare.port(), o.threads, bare.pid(), bare, o.verifyEvery)) {
            createBaseline(baseline, sql);
            load(port, sql);
            System.out.println("  loaded the tables through POST /v2/pipeline and into " + baseline.getFileName());
            WrkLoad wrk = wrkPath == null ? null : new WrkLoad(wrkPath, o.wrkThreads, o.threads, port, serverPid, tmp);
            Ceiling ceiling = null;
            if (bare != null) {
                System.out.println("  stack ceiling (StackCeilingServer, none of Shoal): separate JVM, pid " + bare.pid()
                        + ", port " + bare.port());
                ceiling = new Ceiling(new SqlWorkloads(bare.port(), o.rows, o.scanRows), bareHttp, wrkPath == null ? null
                        : new WrkLoad(wrkPath, o.wrkThreads, o.threads, bare.port(), bare.pid(), tmp, "ceiling-"));
            }
            PointSelectBench b = new PointSelectBench(o, sql, http, wrk, baseline, ceiling);
            for (int run = 1; run <= o.runs; run++) {
                System.out.println("run " + run + "/" + o.runs + "   (load average " + Proc.loadAverage() + ")");
                b.runOnce(run, all);
            }
        }
    }

    private void runOnce(int run, List<Measure> all) throws Exception {
        int w = o.warmupFor(run);
        int d = o.duration;
        List<Measure> ms = new ArrayList<>();
        if (o.groups.contains("select")) {
            ms.add(show(jdbc.phase("jdbc-select", run, baseline, o.threads, 1, w, d, sql.jdbcSelect())));
            ms.add(show(http.phase("floor", run, o.threads, 1, w, d, sql.floor())));
            ms.add(show(http.phase("select", run, o.threads, 1, w, d, sql.select())));
            System.out.println("    server counters so far: " + counters(sql.port(), "shoal_sql_quick_reads_total"));
            if (wrk != null) {
                ms.add(show(wrk.floor(run, Math.min(w, 2), d)));
                ms.add(show(wrk.select(run, o.rows, Math.min(w, 2), d)));
            }
        }
        if (ceiling != null) {
            ms.add(show(ceiling.http().phase("ceiling-floor", run, o.threads, 1, w, d, ceiling.sql().floor())));
            ms.add(show(ceiling.http().phase("ceiling-select", run, o.threads, 1, w, d, ceiling.sql().select())));
            if (ceiling.wrk() != null) {
                ms.add(show(ceiling.wrk().floor(run, Math.min(w, 2), d)));
                ms.add(show(ceiling.wrk().post("wrk-canned", "/canned", run, o.rows, Math.min(w, 2), d)));
                ms.add(show(ceiling.wrk().select(run, o.rows, Math.min(w, 2), d)));
            }
        }
        if (o.groups.contains("write")) {
            ms.add(show(jdbc.phase("jdbc-insert", run, baseline, 1, 1, w, d, sql.jdbcInsert())));
            ms.add(show(http.phase("insert", run, o.writeClients, 1, w, d, sql.insert())));
            ms.add(show(jdbc.phase("jdbc-batch", run, baseline, 1, SqlWorkloads.BATCH_ROWS, w, d, sql.jdbcBatch())));
            ms.add(show(http.phase("batch", run, o.writeClients, SqlWorkloads.BATCH_ROWS, w, d, sql.batch())));
        }
        if (o.groups.contains("cursor")) {
            ms.add(show(jdbc.phase("jdbc-scan", run, baseline, 1, o.scanRows, w, d, sql.jdbcScan())));
            ms.add(show(http.phase("cursor", run, 1, o.scanRows, w, d, sql.cursor())));
        }
        all.addAll(ms);
        BenchSummary.printRatios(ms, "  run " + run + " ratios:");
    }

    private static Measure show(Measure m) {
        System.out.println(m.line());
        return m;
    }

    /** The server's metric lines starting with {@code prefix}, on one line (what ran where). */
    private static String counters(int port, String prefix) {
        try (MiniHttp c = new MiniHttp("127.0.0.1", port)) {
            int status = c.exchange(MiniHttp.get(port, "/metrics"));
            if (status != 200) {
                return "(GET /metrics: HTTP " + status + ")";
            }
            return String.join("  ", c.bodyString().lines().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).toList());
        } catch (IOException e) {
            return "(GET /metrics failed: " + e + ")";
        }
    }

    private static void createBaseline(Path file, SqlWorkloads sql) throws SQLException {
        try (Connection c = JdbcLoad.connect(file); Statement st = c.createStatement()) {
            for (String s : sql.schema()) {
                st.execute(s);
            }
        }
    }

    private static void load(int port, SqlWorkloads sql) throws IOException {
        try (MiniHttp c = new MiniHttp("127.0.0.1", port)) {
            int status = c.exchange(sql.loadRequest());
            String resp = c.bodyString();
            if (status != 200 || resp.contains("\"type\":\"error\"")) {
                throw new IOException("loading the tables failed: HTTP " + status + " " + HttpLoad.abbreviate(resp));
            }
        }
    }

    static void deleteTree(Path root) {
        try (var s = Files.walk(root)) {
            s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
