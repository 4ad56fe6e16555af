package dev.shoal.bench;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Point-SELECT throughput: the same {@code SELECT v FROM kv WHERE k = ?} on random keys,
 * <ol>
 *   <li>in-process through plain JDBC (sqlite-jdbc, WAL file, one connection and one re-executed
 *       prepared statement per thread) — the ceiling;</li>
 *   <li>through Shoal over HTTP: {@code POST /v2/pipeline} (execute + close) from keep-alive
 *       connections, each sending its next request when the previous response is read;</li>
 *   <li>optionally through {@code wrk} with the same bodies, as a cross-check of the client.</li>
 * </ol>
 * Every phase is time-bounded (warm-up, then a measured window). The server runs as a separate
 * JVM by default ({@code --server process}), so client and server costs are separable; both
 * still share the machine's cores. {@code --runs N} repeats the three measurements N times,
 * interleaved, and reports medians.
 */
public final class PointSelectBench {
    private static final String SELECT = "SELECT v FROM kv WHERE k = ?";

    private final int threads;
    private final int rows;
    private final int warmup;
    private final int duration;
    private final int verifyEvery;

    private PointSelectBench(int threads, int rows, int warmup, int duration, int verifyEvery) {
        this.threads = threads;
        this.rows = rows;
        this.warmup = warmup;
        this.duration = duration;
        this.verifyEvery = verifyEvery;
    }

    /** One measured window. Latencies in ms; CPU figures in cores (CPU seconds per wall second); NaN if unknown. */
    record Measure(String name, double seconds, long requests, double p50ms, double p99ms, double p999ms, long errors,
            long checked, long mismatches, double serverCores, double clientCores, double machineCores, String note) {
        static Measure of(String name, double seconds, long requests, Histogram h, long errors, long checked,
                long mismatches, double serverCores, double clientCores, double machineCores, String note) {
            return new Measure(name, seconds, requests, h.quantile(0.50) / 1e6, h.quantile(0.99) / 1e6,
                    h.quantile(0.999) / 1e6, errors, checked, mismatches, serverCores, clientCores, machineCores, note);
        }

        double rate() {
            return requests / seconds;
        }

        /** Server CPU time per request: insensitive to how much CPU other processes took. */
        double serverMicrosPerRequest() {
            return serverCores * seconds / requests * 1e6;
        }

        /** Busy CPU on the machine not used by the server or this client. */
        double otherCores() {
            double other = machineCores - (Double.isNaN(serverCores) ? 0 : serverCores)
                    - (Double.isNaN(clientCores) ? 0 : clientCores);
            return Math.max(0, other);
        }

        String line() {
            return String.format(Locale.ROOT, "  %-5s %,10.0f /s   p50 %7.3f ms   p99 %7.3f ms   p99.9 %7.3f ms   "
                            + "errors %d   verified %,d (mismatches %d)   CPU cores: server %.2f (%.1f µs/request), client %.2f, machine %.2f%s",
                    name, rate(), p50ms, p99ms, p999ms, errors, checked, mismatches,
                    serverCores, serverMicrosPerRequest(), clientCores, machineCores, note.isEmpty() ? "" : "   " + note);
        }
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("""
                    PointSelectBench: point SELECT through in-process JDBC vs Shoal over HTTP.
                      --duration S      measured seconds per phase (default 10)
                      --warmup S        warm-up seconds before each phase (default 10; the server JIT needs it)
                      --threads N       concurrent JDBC threads / HTTP keep-alive connections (default 32)
                      --rows N          rows in the kv table (default 10000)
                      --runs N          repeat baseline + HTTP (+ wrk) N times, report medians (default 3)
                      --server MODE     process (separate JVM, default) or inproc (same JVM as the client)
                      --jar PATH        shoal CLI jar for --server process (default cli/target/shoal-cli.jar);
                                        copied with its lib/ to a temp dir first
                      --server-jvm ARGS extra JVM options for the server process, e.g. "-Xmx1g"
                      --verify-every N  check the row value in every Nth response (default 4; 1 = all)
                      --wrk MODE        auto (if wrk is on PATH, default), on, off
                      --wrk-threads N   wrk threads (default 2)
                      --keep            keep the temp directory (server log, data)
                    """);
            return;
        }
        int duration = a.integer("duration", 10);
        int warmup = a.integer("warmup", 10);
        int threads = a.integer("threads", 32);
        int rows = a.integer("rows", 10_000);
        int runs = a.integer("runs", 3);
        String serverMode = a.string("server", "process");
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        String serverJvm = a.string("server-jvm", "");
        int verifyEvery = a.integer("verify-every", 4);
        String wrkMode = a.string("wrk", "auto");
        int wrkThreads = a.integer("wrk-threads", 2);
        boolean keep = a.flag("keep", false);
        a.checkAllUsed();
        if (!serverMode.equals("process") && !serverMode.equals("inproc")) {
            throw new IllegalArgumentException("--server must be process or inproc");
        }
        Path wrk = wrkMode.equals("off") ? null : findOnPath("wrk");
        if (wrkMode.equals("on") && wrk == null) {
            throw new IllegalStateException("--wrk on but wrk is not on PATH (apt-get install wrk)");
        }

        Path tmp = Files.createTempDirectory("shoal-bench-select-");
        System.out.printf("PointSelectBench: %d threads/connections, %,d rows, %d s warm-up + %d s measured, %d run(s)%n",
                threads, rows, warmup, duration, runs);
        System.out.println("  machine: " + Proc.machine());
        System.out.println("  load average before: " + Proc.loadAverage() + "   temp dir: " + tmp);

        PointSelectBench b = new PointSelectBench(threads, rows, warmup, duration, verifyEvery);
        Path baselineFile = tmp.resolve("baseline.db");
        b.createBaseline(baselineFile);

        AutoCloseable server;
        int port;
        long serverPid;
        ServerProcess sp = null;
        if (serverMode.equals("process")) {
            Path staged = ServerProcess.stageJar(jar, tmp.resolve("server-jar"));
            List<String> jvm = serverJvm.isBlank() ? List.of() : Arrays.asList(serverJvm.trim().split("\\s+"));
            sp = ServerProcess.start(staged, tmp.resolve("data"), jvm);
            server = sp;
            port = sp.port();
            serverPid = sp.pid();
            System.out.println("  server: separate JVM, pid " + serverPid + ", port " + port
                    + (jvm.isEmpty() ? "" : ", JVM options " + jvm) + ", jar copied from " + jar.toAbsolutePath());
        } else {
            ShoalServer s = ShoalServer.start(ServerConfig.dev(tmp.resolve("data"), 0));
            server = s;
            port = s.port();
            serverPid = -1;
            System.out.println("  server: in-process (same JVM as the client: CPU split not available), port " + port);
        }
        List<Measure> all = new ArrayList<>();
        try {
            b.loadOverHttp(port);
            System.out.println("  loaded " + rows + " rows through POST /v2/pipeline");
            for (int run = 1; run <= runs; run++) {
                System.out.println("run " + run + "/" + runs + "   (load average " + Proc.loadAverage() + ")");
                Measure jdbc = b.jdbc(baselineFile);
                System.out.println(jdbc.line());
                all.add(jdbc);
                Measure http = b.http(port, serverPid, sp);
                System.out.println(http.line());
                all.add(http);
                if (wrk != null) {
                    Measure w = b.wrk(wrk, wrkThreads, port, serverPid, tmp);
                    System.out.println(w.line());
                    all.add(w);
                }
            }
        } finally {
            server.close();
            if (!keep) {
                deleteTree(tmp);
            } else {
                System.out.println("  kept " + tmp);
            }
        }
        summary(all, runs);
    }

    private static void summary(List<Measure> all, int runs) {
        System.out.println();
        System.out.println("Summary (median of " + runs + " run(s); per-run values in brackets)");
        System.out.println("| client | requests/s | p50 µs | p99 µs | errors | server CPU (cores) | server CPU µs/request | client CPU (cores) | other load (cores) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double jdbcRate = Double.NaN;
        for (String name : List.of("jdbc", "http", "wrk")) {
            List<Measure> ms = all.stream().filter(m -> m.name().equals(name)).toList();
            if (ms.isEmpty()) {
                continue;
            }
            double rate = med(ms, Measure::rate);
            if (name.equals("jdbc")) {
                jdbcRate = rate;
            }
            System.out.printf(Locale.ROOT, "| %s | %s [%s] | %s | %s | %d | %s | %s | %s | %s |%n",
                    label(name), Stats.fmt(rate, 0), Stats.list(ms.stream().map(Measure::rate).toList(), 0),
                    Stats.fmt(med(ms, m -> m.p50ms() * 1000), 0), Stats.fmt(med(ms, m -> m.p99ms() * 1000), 0),
                    ms.stream().mapToLong(m -> m.errors() + m.mismatches()).sum(),
                    Stats.fmt(med(ms, Measure::serverCores), 2), Stats.fmt(med(ms, Measure::serverMicrosPerRequest), 1),
                    Stats.fmt(med(ms, Measure::clientCores), 2), Stats.fmt(med(ms, Measure::otherCores), 2));
        }
        System.out.println("(other load = machine-wide busy CPU minus server and client: other processes on the machine;"
                + " for wrk it includes wrk itself)");
        for (String name : List.of("http", "wrk")) {
            List<Measure> ms = all.stream().filter(m -> m.name().equals(name)).toList();
            if (!ms.isEmpty()) {
                double rate = med(ms, Measure::rate);
                System.out.printf(Locale.ROOT, "ratio %s / in-process JDBC: %.3f   (targets: >= 20,000 requests/s: %s; >= 0.1x: %s)%n",
                        name, rate / jdbcRate, rate >= 20_000 ? "met" : "NOT met", rate / jdbcRate >= 0.1 ? "met" : "NOT met");
            }
        }
    }

    private static String label(String name) {
        return switch (name) {
            case "jdbc" -> "in-process JDBC (baseline)";
            case "http" -> "Shoal HTTP, Java socket client";
            default -> "Shoal HTTP, wrk";
        };
    }

    private static double med(List<Measure> ms, ToDoubleFunction<Measure> f) {
        return Stats.median(ms.stream().map(m -> f.applyAsDouble(m)).toList());
    }

    // ---------------------------------------------------------------- baseline: in-process JDBC

    private static SQLiteConfig sqliteConfig() {
        SQLiteConfig c = new SQLiteConfig(); // as the server opens tenant databases
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setBusyTimeout(5000);
        return c;
    }

    private void createBaseline(Path file) throws SQLException {
        try (Connection c = sqliteConfig().createConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            st.execute(insertAll());
        }
    }

    private String insertAll() {
        return "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + rows + ") "
                + "INSERT INTO kv SELECT k, 'value-' || k FROM n";
    }

    private Measure jdbc(Path file) throws Exception {
        Phase phase = new Phase();
        Histogram[] hs = new Histogram[threads];
        long[] counts = new long[threads];
        long[] checked = new long[threads];
        long[] bad = new long[threads];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            hs[t] = new Histogram();
            ts.add(Thread.ofPlatform().name("jdbc-" + t).start(() -> {
                try (Connection c = sqliteConfig().createConnection("jdbc:sqlite:" + file);
                        PreparedStatement ps = c.prepareStatement(SELECT)) {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long n = 0;
                    while (!phase.done()) {
                        boolean measured = phase.measuring();
                        int k = 1 + rnd.nextInt(rows);
                        long t0 = System.nanoTime();
                        ps.setLong(1, k);
                        String v = null;
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                v = rs.getString(1);
                            }
                        }
                        long t1 = System.nanoTime();
                        if (measured) {
                            hs[id].record(t1 - t0);
                            counts[id]++;
                            if (++n % verifyEvery == 0) {
                                checked[id]++;
                                if (!("value-" + k).equals(v)) {
                                    bad[id]++;
                                }
                            }
                        }
                    }
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }));
        }
        double[] cpu = new double[3];
        phase.run(warmup, duration, () -> {
            cpu[0] = Proc.selfCpuSeconds();
            cpu[1] = Proc.machineBusySeconds();
        }, () -> {
            cpu[0] = Proc.selfCpuSeconds() - cpu[0];
            cpu[1] = Proc.machineBusySeconds() - cpu[1];
        });
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        Histogram h = new Histogram();
        for (Histogram x : hs) {
            h.add(x);
        }
        double s = phase.seconds();
        String note = firstError.get() == null ? "" : "first error: " + firstError.get();
        return Measure.of("jdbc", s, Arrays.stream(counts).sum(), h, errors.get(), Arrays.stream(checked).sum(),
                Arrays.stream(bad).sum(), Double.NaN, cpu[0] / s, cpu[1] / s, note);
    }

    // ---------------------------------------------------------------- Shoal over HTTP

    private static String pipelineBody(String sql, String argsJson) {
        return "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql + "\""
                + (argsJson == null ? "" : ",\"args\":" + argsJson) + "}},{\"type\":\"close\"}]}";
    }

    private static String selectBody(int k) {
        return pipelineBody(SELECT, "[{\"type\":\"integer\",\"value\":\"" + k + "\"}]");
    }

    private static byte[] expected(int k) {
        return ("\"rows\":[[{\"type\":\"text\",\"value\":\"value-" + k + "\"}]]").getBytes(StandardCharsets.UTF_8);
    }

    private void loadOverHttp(int port) throws IOException {
        try (MiniHttp c = new MiniHttp("127.0.0.1", port)) {
            String body = "{\"requests\":["
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v TEXT NOT NULL)\"}},"
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"DELETE FROM kv\"}},"
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + insertAll() + "\"}},"
                    + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT count(*) FROM kv\"}},"
                    + "{\"type\":\"close\"}]}";
            int status = c.exchange(MiniHttp.post(port, "/v2/pipeline", body));
            String resp = c.bodyString();
            if (status != 200 || resp.contains("\"type\":\"error\"")
                    || !resp.contains("[{\"type\":\"integer\",\"value\":\"" + rows + "\"}]")) {
                throw new IOException("loading the table failed: HTTP " + status + " " + resp);
            }
        }
    }

    private Measure http(int port, long serverPid, ServerProcess sp) throws Exception {
        byte[][] requests = new byte[rows + 1][];
        byte[][] expect = new byte[rows + 1][];
        for (int k = 1; k <= rows; k++) {
            requests[k] = MiniHttp.post(port, "/v2/pipeline", selectBody(k));
            expect[k] = expected(k);
        }
        Phase phase = new Phase();
        Histogram[] hs = new Histogram[threads];
        long[] counts = new long[threads];
        long[] checked = new long[threads];
        long[] bad = new long[threads];
        long[] errors = new long[threads];
        long[] connects = new long[threads];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            hs[t] = new Histogram();
            ts.add(Thread.ofPlatform().name("http-" + t).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                try (MiniHttp c = new MiniHttp("127.0.0.1", port)) {
                    while (!phase.done()) {
                        boolean measured = phase.measuring();
                        int k = 1 + rnd.nextInt(rows);
                        long t0 = System.nanoTime();
                        try {
                            int status = c.exchange(requests[k]);
                            long t1 = System.nanoTime();
                            if (!measured) {
                                continue;
                            }
                            hs[id].record(t1 - t0);
                            counts[id]++;
                            if (status != 200) {
                                errors[id]++;
                                firstError.compareAndSet(null, "HTTP " + status + " " + c.bodyString());
                            } else if (++n % verifyEvery == 0) {
                                checked[id]++;
                                if (!c.bodyContains(expect[k])) {
                                    bad[id]++;
                                    firstError.compareAndSet(null, "unexpected body for k=" + k + ": " + c.bodyString());
                                }
                            }
                        } catch (IOException e) {
                            if (measured) {
                                errors[id]++;
                                firstError.compareAndSet(null, e.toString());
                            }
                            sleepQuietly(10); // do not spin against a failing server
                        }
                    }
                    connects[id] = c.connects();
                }
            }));
        }
        double[] cpu = new double[3];
        phase.run(warmup, duration, () -> {
            cpu[0] = Proc.selfCpuSeconds();
            cpu[1] = serverPid > 0 ? Proc.processCpuSeconds(serverPid) : Double.NaN;
            cpu[2] = Proc.machineBusySeconds();
        }, () -> {
            cpu[0] = Proc.selfCpuSeconds() - cpu[0];
            cpu[1] = serverPid > 0 ? Proc.processCpuSeconds(serverPid) - cpu[1] : Double.NaN;
            cpu[2] = Proc.machineBusySeconds() - cpu[2];
        });
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
        if (sp != null && !sp.alive()) {
            throw new IllegalStateException("the server process died during the run; log tail:\n" + sp.logTail(40));
        }
        Histogram h = new Histogram();
        for (Histogram x : hs) {
            h.add(x);
        }
        double s = phase.seconds();
        long reconnects = Arrays.stream(connects).sum() - threads;
        String note = (reconnects > 0 ? "reconnects " + reconnects + " " : "")
                + (firstError.get() == null ? "" : "first error: " + abbreviate(firstError.get()));
        return Measure.of("http", s, Arrays.stream(counts).sum(), h, Arrays.stream(errors).sum(),
                Arrays.stream(checked).sum(), Arrays.stream(bad).sum(), cpu[1] / s, cpu[0] / s, cpu[2] / s, note.trim());
    }

    // ---------------------------------------------------------------- wrk cross-check

    private Measure wrk(Path wrk, int wrkThreads, int port, long serverPid, Path tmp) throws Exception {
        Path script = tmp.resolve("select.lua");
        Files.writeString(script, """
                -- POST /v2/pipeline with a random key, the same body as the Java client sends.
                local rows = %d
                local reqs = {}
                local headers = { ["Content-Type"] = "application/json" }
                init = function(args)
                  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 100000)
                  for k = 1, rows do
                    reqs[k] = wrk.format("POST", "/v2/pipeline", headers,
                      '{"requests":[{"type":"execute","stmt":{"sql":"%s","args":[{"type":"integer","value":"' .. k .. '"}]}},{"type":"close"}]}')
                  end
                end
                request = function()
                  return reqs[math.random(rows)]
                end
                """.formatted(rows, SELECT));
        List<String> cmd = List.of(wrk.toString(), "-t" + wrkThreads, "-c" + threads, "-d" + duration + "s",
                "--latency", "--timeout", "10s", "-s", script.toString(), "http://127.0.0.1:" + port);
        double cpu0 = serverPid > 0 ? Proc.processCpuSeconds(serverPid) : Double.NaN;
        double m0 = Proc.machineBusySeconds();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(duration + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double serverCores = serverPid > 0 ? (Proc.processCpuSeconds(serverPid) - cpu0) / s : Double.NaN;
        double machineCores = (Proc.machineBusySeconds() - m0) / s;
        Matcher rps = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
        Matcher total = Pattern.compile("(\\d+) requests in ([\\d.]+)(ms|s|m)").matcher(out);
        if (!rps.find() || !total.find()) {
            return new Measure("wrk", 1, 0, Double.NaN, Double.NaN, Double.NaN, 1, 0, 0, serverCores, Double.NaN,
                    machineCores, "wrk output not understood: " + abbreviate(out));
        }
        long requests = Long.parseLong(total.group(1));
        double secs = requests / Double.parseDouble(rps.group(1));
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (sock.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(sock.group(i));
            }
        }
        // wrk runs in its own process: its CPU is part of "machine" but not measured separately here.
        return new Measure("wrk", secs, requests, wrkPercentile(out, "50%"), wrkPercentile(out, "99%"), Double.NaN,
                errors, 0, 0, serverCores, Double.NaN, machineCores, "(wrk " + wrkThreads + " threads; no body check)");
    }

    /** A percentile from wrk's "Latency Distribution" block, in ms. */
    private static double wrkPercentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)\\b").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    // ---------------------------------------------------------------- helpers

    private static Path findOnPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
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
