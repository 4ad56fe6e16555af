package dev.shoal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of ATTACH per request: the seed's promotions join over HTTP, one pipeline per request,
 * (a) with {@code ATTACH "user-db" AS userdb} in the same pipeline, joining the user's own database,
 * against (b) the same join on one database holding both tables. Interleaved runs of each, the
 * same clients, a `shoal dev` server (no tokens: dev mode attaches any database that allows it).
 * <pre>bench/run.sh attach [--clients 8 --seconds 10 --runs 3]</pre>
 */
final class AttachBench {
    private static final String JOIN = "SELECT category, discount FROM promotions JOIN %s AS up "
            + "ON category = up.interested_category WHERE up.user_id = 7";

    private AttachBench() {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("options: --clients 8 --seconds 10 --runs 3 --jar <shoal-cli.jar>");
            return;
        }
        int clients = a.integer("clients", 8);
        int seconds = a.integer("seconds", 10);
        int runs = a.integer("runs", 3);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        a.checkAllUsed();
        Path work = Files.createTempDirectory("shoal-attach");
        try (ServerProcess server = ServerProcess.start(ServerProcess.stageJar(jar, work.resolve("jar")),
                work.resolve("data"), List.of())) {
            int port = server.port();
            setUp(port);
            byte[] local = request(port, List.of(String.format(JOIN, "user_preferences_local")));
            byte[] attached = request(port, List.of("ATTACH \\\"user-db\\\" AS userdb",
                    String.format(JOIN, "userdb.user_preferences")));
            check(port, local);
            check(port, attached);
            run(port, local, clients, 2); // warm-up, not counted
            run(port, attached, clients, 2);
            List<Double> localRates = new ArrayList<>();
            List<Double> attachRates = new ArrayList<>();
            List<Double> localP50 = new ArrayList<>();
            List<Double> attachP50 = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                double[] l = run(port, local, clients, seconds);
                double[] t = run(port, attached, clients, seconds);
                localRates.add(l[0]);
                attachRates.add(t[0]);
                localP50.add(l[1]);
                attachP50.add(t[1]);
                System.out.printf(Locale.ROOT, "run %d: one database %,.0f req/s (p50 %.2f ms, p99 %.2f ms); "
                        + "with ATTACH %,.0f req/s (p50 %.2f ms, p99 %.2f ms); ratio %.2f%n", r, l[0], l[1], l[2], t[0],
                        t[1], t[2], t[0] / l[0]);
            }
            System.out.printf(Locale.ROOT, "median of %d runs, %d clients: one database %,.0f req/s, with ATTACH %,.0f "
                            + "req/s: %.2fx the throughput; p50 %.2f ms vs %.2f ms%n", runs, clients,
                    Stats.median(localRates), Stats.median(attachRates),
                    Stats.median(attachRates) / Stats.median(localRates), Stats.median(localP50),
                    Stats.median(attachP50));
        }
    }

    private static void setUp(int port) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            expect(h, h.exchange(MiniHttp.post(port, "/v1/organizations/admin/databases", "{\"name\":\"catalogue\"}")));
            expect(h, h.exchange(MiniHttp.post(port, "/v1/organizations/admin/databases", "{\"name\":\"user-db\"}")));
            byte[] patch = ("PATCH /v1/organizations/admin/databases/user-db/configuration HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"allow_attach\":true}")
                    .getBytes(StandardCharsets.US_ASCII);
            expect(h, h.exchange(patch));
            String prefs = "CREATE TABLE %s (user_id INTEGER, interested_category TEXT)";
            String rows = "INSERT INTO %s SELECT x %% 50, 'cat-' || (x %% 20) FROM (WITH RECURSIVE c(x) AS "
                    + "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x FROM c)";
            for (String sql : List.of("CREATE TABLE promotions (category TEXT PRIMARY KEY, discount REAL)",
                    "INSERT INTO promotions SELECT 'cat-' || x, x / 100.0 FROM (WITH RECURSIVE c(x) AS (SELECT 0 "
                            + "UNION ALL SELECT x + 1 FROM c WHERE x < 19) SELECT x FROM c)",
                    String.format(prefs, "user_preferences_local"), String.format(rows, "user_preferences_local"))) {
                expect(h, h.exchange(RunawayBench.pipeline(port, "catalogue", sql)));
            }
            expect(h, h.exchange(RunawayBench.pipeline(port, "user-db", String.format(prefs, "user_preferences"))));
            expect(h, h.exchange(RunawayBench.pipeline(port, "user-db", String.format(rows, "user_preferences"))));
        }
    }

    private static byte[] request(int port, List<String> sqls) {
        StringBuilder b = new StringBuilder("{\"baton\":null,\"requests\":[");
        for (String sql : sqls) {
            b.append("{\"type\":\"execute\",\"stmt\":{\"sql\":\"").append(sql).append("\"}},");
        }
        b.append("{\"type\":\"close\"}]}");
        return MiniHttp.post(port, "/db/admin/catalogue/v2/pipeline", b.toString());
    }

    private static void check(int port, byte[] req) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            expect(h, h.exchange(req));
            if (!h.bodyString().contains("\"cat-")) {
                throw new IllegalStateException("the join returned no rows: " + h.bodyString());
            }
        }
    }

    private static void expect(MiniHttp h, int status) {
        if (status != 200 || h.bodyString().contains("\"type\":\"error\"")) {
            throw new IllegalStateException("request failed: " + status + " " + h.bodyString());
        }
    }

    /** {requests/s, p50 ms, p99 ms} of {@code clients} keep-alive clients sending {@code req} for {@code seconds}. */
    private static double[] run(int port, byte[] req, int clients, int seconds) throws Exception {
        ClosedLoop.Result r = ClosedLoop.run(port, req, clients, seconds,
                (status, answer) -> status == 200 && !answer.bodyString().contains("\"type\":\"error\""));
        if (r.errors() > 0) {
            throw new IllegalStateException(r.errors() + " requests failed");
        }
        Histogram all = r.latency();
        return new double[] {all.count() / (double) seconds, all.quantile(0.5) / 1e6, all.quantile(0.99) / 1e6};
    }
}
