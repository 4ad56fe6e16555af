package dev.shoal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One hostile tenant against everyone else: {@code --attackers} connections (default 300) send
 * runaway recursive CTEs to one database as fast as they are answered, while {@code --victims}
 * clients run point SELECTs on another database of the same organization. Each run measures the
 * victims' latency first without the attack (the baseline of that run), then under it, and
 * finally sends SIGTERM to the server while the attack is on and times its exit.
 *
 * <pre>bench/run.sh runaway [--attackers 300 --victims 4 --duration 10 --runs 3]</pre>
 */
final class RunawayBench {
    private static final String RUNAWAY =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private RunawayBench() {}

    record Phase(String name, Histogram latency, long errors) {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("options: --attackers 300 --victims 4 --duration 10 (s per phase) --runs 3 --jar <shoal-cli.jar>");
            return;
        }
        int attackers = a.integer("attackers", 300);
        int victims = a.integer("victims", 4);
        int duration = a.integer("duration", 10);
        int runs = a.integer("runs", 3);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        a.checkAllUsed();
        Path work = Files.createTempDirectory("shoal-runaway");
        Path staged = ServerProcess.stageJar(jar, work.resolve("jar"));
        List<Double> baseP99 = new ArrayList<>();
        List<Double> attackP99 = new ArrayList<>();
        List<Double> attackP50 = new ArrayList<>();
        List<Double> exitSeconds = new ArrayList<>();
        System.out.printf("runaway: %d attacker connections on one database, %d victim clients on another, %d s phases, %d runs%n",
                attackers, victims, duration, runs);
        for (int run = 1; run <= runs; run++) {
            try (ServerProcess server = ServerProcess.start(staged, work.resolve("data-" + run), List.of())) {
                setUp(server.port());
                Phase base = victimPhase("baseline", server.port(), victims, duration);
                Attack attack = new Attack(server.port(), attackers);
                attack.start();
                Thread.sleep(2000); // let the flood fill the attacker's turns and queue
                Phase under = victimPhase("under attack", server.port(), victims, duration);
                long t0 = System.nanoTime();
                ProcessHandle.of(server.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
                boolean exited = ProcessHandle.of(server.pid()).map(h -> {
                    try {
                        h.onExit().get(30, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                }).orElse(true);
                double exit = (System.nanoTime() - t0) / 1e9;
                attack.stop();
                report(run, base, under, attack, exited, exit);
                baseP99.add(base.latency.quantile(0.99) / 1e6);
                attackP50.add(under.latency.quantile(0.50) / 1e6);
                attackP99.add(under.latency.quantile(0.99) / 1e6);
                exitSeconds.add(exit);
            }
        }
        System.out.printf("median of %d runs: victim p99 %s ms without attack, p50 %s ms / p99 %s ms under attack "
                        + "(ratio p99 %sx); SIGTERM to exit %s s%n", runs, Stats.fmt(Stats.median(baseP99), 2),
                Stats.fmt(Stats.median(attackP50), 2), Stats.fmt(Stats.median(attackP99), 2),
                Stats.fmt(Stats.median(attackP99) / Math.max(0.001, Stats.median(baseP99)), 1),
                Stats.fmt(Stats.median(exitSeconds), 2));
    }

    private static void setUp(int port) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            for (String db : List.of("attacker", "victim")) {
                check(h.exchange(MiniHttp.post(port, "/v1/organizations/admin/databases", "{\"name\":\"" + db + "\"}")), h);
            }
            check(h.exchange(pipeline(port, "victim", "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)")), h);
            check(h.exchange(pipeline(port, "victim", "INSERT INTO kv VALUES (1, 'one')")), h);
        }
    }

    private static void check(int status, MiniHttp h) {
        if (status != 200) {
            throw new IllegalStateException("setup request failed: " + status + " " + h.bodyString());
        }
    }

    static byte[] pipeline(int port, String db, String sql) {
        String body = "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql
                + "\"}},{\"type\":\"close\"}]}";
        return MiniHttp.post(port, "/db/admin/" + db + "/v2/pipeline", body);
    }

    private static Phase victimPhase(String name, int port, int clients, int seconds) throws Exception {
        ClosedLoop.Result r = ClosedLoop.run(port, pipeline(port, "victim", "SELECT v FROM kv WHERE k = 1"), clients,
                seconds, ClosedLoop.STATUS_200);
        return new Phase(name, r.latency(), r.errors());
    }

    /** The flood: each connection resends the runaway as soon as it is answered, until stopped. */
    static final class Attack {
        private final int port;
        private final int connections;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final LongAdder failures = new LongAdder();
        private final List<Thread> threads = new ArrayList<>();

        Attack(int port, int connections) {
            this.port = port;
            this.connections = connections;
        }

        void start() {
            byte[] req = pipeline(port, "attacker", RUNAWAY);
            for (int i = 0; i < connections; i++) {
                Thread t = Thread.ofVirtual().name("attacker-" + i).start(() -> {
                    try (MiniHttp c = new MiniHttp("127.0.0.1", port, 120_000)) {
                        while (!stop.get()) {
                            statuses.computeIfAbsent(c.exchange(req), k -> new LongAdder()).increment();
                        }
                    } catch (Exception e) {
                        if (!stop.get()) {
                            failures.increment(); // the server went away (SIGTERM) or refused the connection
                        }
                    }
                });
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(5000);
            }
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            statuses.forEach((k, v) -> sb.append(k).append(": ").append(v.sum()).append("  "));
            return sb.append("connection ends: ").append(failures.sum()).toString();
        }
    }

    private static void report(int run, Phase base, Phase under, Attack attack, boolean exited, double exit) {
        for (Phase p : List.of(base, under)) {
            System.out.printf("run %d %-13s requests %7d  errors %d  p50 %6s ms  p99 %6s ms  max %7s ms%n", run, p.name,
                    p.latency.count(), p.errors, Stats.fmt(p.latency.quantile(0.5) / 1e6, 2),
                    Stats.fmt(p.latency.quantile(0.99) / 1e6, 2), Stats.fmt(p.latency.max() / 1e6, 1));
        }
        System.out.printf("run %d attacker statuses: %s%n", run, attack.summary());
        System.out.printf("run %d SIGTERM under attack: %s after %s s%n", run, exited ? "exited" : "STILL RUNNING",
                Stats.fmt(exit, 2));
    }
}
