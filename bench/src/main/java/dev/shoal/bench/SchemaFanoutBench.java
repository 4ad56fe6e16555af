package dev.shoal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A schema database with the workshop's tables and {@code --children} children (default 10,000),
 * created through the Platform API by 8 clients (creation rate). Then, interleaved, per run:
 * <ul>
 *   <li>the floor: a plain JDBC loop over the same child files doing the same dry run (transaction
 *       rolled back) and apply (committed) for an equivalent migration, with as many threads as the
 *       server has migration workers;</li>
 *   <li>Shoal: one API call (a Hrana batch: BEGIN, ALTER TABLE users ADD COLUMN …, CREATE TABLE
 *       direct_messages…, COMMIT) answered after RunSuccess; its wall time, the ratio to the floor,
 *       and each child's write-block window from the job's detail (median, p99).</li>
 * </ul>
 * A first round of all three (--warmup, default 1) warms the JIT of both processes and is not counted.
 * <pre>bench/run.sh schema-fanout [--children 10000 --runs 3 --warmup 1 --clients 8]</pre>
 */
final class SchemaFanoutBench {
    private static final Pattern BLOCKED = Pattern.compile("\"blocked_ms\":([0-9.]+)");
    private static final Pattern JOB = Pattern.compile("\"job_id\":(\\d+)");

    private SchemaFanoutBench() {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("options: --children 10000 --runs 3 --warmup 1 --clients 8 --jar <shoal-cli.jar> "
                    + "--server-jvm '<extra JVM options for the server, e.g. -XX:StartFlightRecording=...>'");
            return;
        }
        int children = a.integer("children", 10_000);
        int runs = a.integer("runs", 3);
        int warmup = a.integer("warmup", 1);
        int clients = a.integer("clients", 8);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        String jvm = a.string("server-jvm", "");
        a.checkAllUsed();
        Path work = Files.createTempDirectory("shoal-fanout");
        Path data = work.resolve("data");
        int workers = Math.max(4, 4 * Runtime.getRuntime().availableProcessors()); // the server's migration workers
        try (ServerProcess server = ServerProcess.start(ServerProcess.stageJar(jar, work.resolve("jar")), data,
                jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+")))) {
            int port = server.port();
            setUpSchema(port);
            long t0 = System.nanoTime();
            Histogram createLatency = createChildren(port, children, clients);
            double createSecs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "created %,d children in %.1f s: %,.0f/s with %d clients, p50 %.2f ms, p99 %.2f ms%n",
                    children, createSecs, children / createSecs, clients, createLatency.quantile(0.5) / 1e6,
                    createLatency.quantile(0.99) / 1e6);
            List<Path> files = childFiles(data, port, children);
            List<Double> floor = new ArrayList<>();
            List<Double> twoPass = new ArrayList<>();
            List<Double> shoal = new ArrayList<>();
            List<Double> blockP50 = new ArrayList<>();
            List<Double> blockP99 = new ArrayList<>();
            for (int w = 1; w <= warmup; w++) { // JIT warm-up of both sides; not counted
                double f = floor(files, "wf" + w, workers);
                double t = twoPassFloor(files, "wt" + w, workers);
                double sh = migrate(port, "w" + w)[0];
                System.out.printf(Locale.ROOT, "warm-up %d (not counted): floor %.2f s, two-pass floor %.2f s, Shoal %.2f s%n",
                        w, f, t, sh);
            }
            for (int run = 1; run <= runs; run++) {
                floor.add(floor(files, "f" + run, workers));
                twoPass.add(twoPassFloor(files, "t" + run, workers));
                double[] r = migrate(port, "s" + run);
                shoal.add(r[0]);
                blockP50.add(r[1]);
                blockP99.add(r[2]);
                System.out.printf(Locale.ROOT, "run %d: floor %.2f s, two-pass floor %.2f s, Shoal %.2f s (%.2fx), write-block per child "
                        + "p50 %.0f ms, p99 %.0f ms%n", run, floor.get(run - 1), twoPass.get(run - 1), shoal.get(run - 1),
                        shoal.get(run - 1) / floor.get(run - 1),
                        r[1], r[2]);
            }
            System.out.printf(Locale.ROOT, "median of %d runs, %,d children: Shoal %.2f s, floor %.2f s, ratio %.2fx; "
                            + "two-pass floor %.2f s; write-block p50 %.0f ms, p99 %.0f ms; server RSS %,d kB%n", runs,
                    children, Stats.median(shoal), Stats.median(floor), Stats.median(shoal) / Stats.median(floor),
                    Stats.median(twoPass),
                    Stats.median(blockP50), Stats.median(blockP99), Proc.statusKb(server.pid(), "VmRSS"));
        }
    }

    static void setUpSchema(int port) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            expect(h, h.exchange(MiniHttp.post(port, "/v1/organizations/admin/databases",
                    "{\"name\":\"slack-schema\",\"is_schema\":true}")));
            for (String sql : List.of(
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)",
                    "CREATE TABLE channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
                    "CREATE TABLE messages (id INTEGER PRIMARY KEY, channel_id INTEGER REFERENCES channels(id), "
                            + "user_id INTEGER REFERENCES users(id), body TEXT, created_at TEXT)")) {
                expect(h, h.exchange(RunawayBench.pipeline(port, "slack-schema", sql)));
            }
        }
    }

    private static void expect(MiniHttp h, int status) {
        if (status != 200 || h.bodyString().contains("\"type\":\"error\"")) {
            throw new IllegalStateException("request failed: " + status + " " + h.bodyString());
        }
    }

    static Histogram createChildren(int port, int n, int clients) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Histogram[] hs = new Histogram[clients];
        List<Thread> ts = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        for (int c = 0; c < clients; c++) {
            Histogram h = hs[c] = new Histogram();
            ts.add(Thread.ofPlatform().start(() -> {
                try (MiniHttp http = new MiniHttp("127.0.0.1", port)) {
                    for (int i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        int status = http.exchange(MiniHttp.post(port, "/v1/organizations/admin/databases",
                                "{\"name\":\"ws-" + i + "\",\"schema\":\"slack-schema\"}"));
                        h.record(System.nanoTime() - s);
                        if (status != 200) {
                            throw new IllegalStateException("create ws-" + i + ": " + status + " " + http.bodyString());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        Histogram all = new Histogram();
        for (Histogram h : hs) {
            all.add(h);
        }
        return all;
    }

    /** The child files, found by the ids the Platform API reports. */
    private static List<Path> childFiles(Path data, int port, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            String cursor = "";
            Pattern id = Pattern.compile("\"DbId\":\"([0-9a-f-]+)\"");
            Pattern next = Pattern.compile("\"next\":\"([^\"]+)\"");
            while (true) {
                byte[] req = ("GET /v1/organizations/admin/databases?schema=slack-schema&limit=1000" + cursor
                        + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                h.exchange(req);
                String body = h.bodyString();
                Matcher m = id.matcher(body);
                while (m.find()) {
                    ids.add(m.group(1));
                }
                Matcher c = next.matcher(body);
                if (!c.find()) {
                    break;
                }
                cursor = "&cursor=" + c.group(1);
            }
        }
        List<Path> files = new ArrayList<>();
        for (String i : ids) {
            files.add(data.resolve("dbs").resolve(i.substring(0, 2)).resolve(i.substring(2, 4)).resolve(i + ".db"));
        }
        if (files.size() != n) {
            throw new IllegalStateException("found " + files.size() + " children, expected " + n);
        }
        return files;
    }

    /** The same dry run + apply with plain JDBC, as fast as it goes, on the same files: each file opened once. */
    private static double floor(List<Path> files, String suffix, int threads) throws Exception {
        String[] stmts = floorStatements(suffix);
        return eachFile(files, threads, st -> {
            run(st, stmts, "ROLLBACK");
            run(st, stmts, "COMMIT");
        });
    }

    /**
     * The same work in Shoal's order with plain JDBC: every file dry-run first, then every file
     * applied, each pass opening the files afresh (what a fan-out that cannot keep 10,000 handles
     * open pays at least).
     */
    private static double twoPassFloor(List<Path> files, String suffix, int threads) throws Exception {
        String[] stmts = floorStatements(suffix);
        return eachFile(files, threads, st -> run(st, stmts, "ROLLBACK"))
                + eachFile(files, threads, st -> run(st, stmts, "COMMIT"));
    }

    private static String[] floorStatements(String suffix) {
        return new String[] {"ALTER TABLE users ADD COLUMN phone_" + suffix + " TEXT",
            "CREATE TABLE dm_" + suffix + " (id INTEGER PRIMARY KEY, from_user INTEGER, to_user INTEGER, body TEXT)"};
    }

    private interface FileWork {
        void run(Statement st) throws Exception;
    }

    private static double eachFile(List<Path> files, int threads, FileWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (Path f : files) {
            fs.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 5000");
                    st.execute("PRAGMA synchronous = NORMAL"); // the server's setting for tenant databases
                    work.run(st);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(Statement st, String[] stmts, String end) throws Exception {
        st.execute("BEGIN IMMEDIATE");
        for (String s : stmts) {
            st.execute(s);
        }
        st.execute(end);
    }

    /** One migration through the API; returns {seconds, block p50 ms, block p99 ms}. */
    private static double[] migrate(int port, String suffix) throws Exception {
        long t0 = System.nanoTime();
        String job = migrateJob(port, suffix);
        double secs = (System.nanoTime() - t0) / 1e9;
        try (MiniHttp h = new MiniHttp("127.0.0.1", port, 600_000)) {
            h.exchange(("GET /db/admin/slack-schema/v1/jobs/" + job + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Histogram blocked = new Histogram();
            Matcher b = BLOCKED.matcher(h.bodyString());
            while (b.find()) {
                blocked.record((long) (Double.parseDouble(b.group(1)) * 1e6));
            }
            return new double[] {secs, blocked.quantile(0.5) / 1e6, blocked.quantile(0.99) / 1e6};
        }
    }

    /** One migration written to the schema database (a Hrana batch), answered after RunSuccess; returns its job id. */
    static String migrateJob(int port, String suffix) throws Exception {
        String body = "{\"baton\":null,\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":["
                + "{\"stmt\":{\"sql\":\"BEGIN\"}},"
                + "{\"stmt\":{\"sql\":\"ALTER TABLE users ADD COLUMN phone_number_" + suffix + " TEXT\"},"
                + "\"condition\":{\"type\":\"ok\",\"step\":0}},"
                + "{\"stmt\":{\"sql\":\"CREATE TABLE direct_messages_" + suffix + " (id INTEGER PRIMARY KEY, "
                + "from_user INTEGER REFERENCES users(id), to_user INTEGER REFERENCES users(id), body TEXT)\"},"
                + "\"condition\":{\"type\":\"ok\",\"step\":1}},"
                + "{\"stmt\":{\"sql\":\"COMMIT\"},\"condition\":{\"type\":\"ok\",\"step\":2}}]}},{\"type\":\"close\"}]}";
        try (MiniHttp h = new MiniHttp("127.0.0.1", port, 600_000)) {
            int status = h.exchange(MiniHttp.post(port, "/db/admin/slack-schema/v2/pipeline", body));
            if (status != 200 || h.bodyString().contains("\"type\":\"error\"")
                    || h.bodyString().contains("\"error\":{")) {
                throw new IllegalStateException("migration failed: " + status + " " + h.bodyString());
            }
            h.exchange(("GET /db/admin/slack-schema/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Matcher j = JOB.matcher(h.bodyString());
            if (!j.find() || !h.bodyString().contains("\"status\":\"RunSuccess\"")) {
                throw new IllegalStateException("no finished job: " + h.bodyString());
            }
            return j.group(1);
        }
    }
}
