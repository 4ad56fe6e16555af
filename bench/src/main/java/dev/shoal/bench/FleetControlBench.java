package dev.shoal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fleet migration control over {@code --children} children (default 10,000) of the workshop schema,
 * per run:
 * <ul>
 *   <li><b>online</b>: the schema database in {@code migration_mode: online}; {@code --writers}
 *       clients write (INSERT, autocommit) round-robin to {@code --written} children (default 100),
 *       paced to {@code --rate} writes per second in all (default 1,000: ten a second per child, a
 *       busy tenant; {@code --rate 0} writes flat out, which measures CPU contention on this
 *       machine more than the migration), for 3 s before a migration and during it. Reported: the writers' latency before and during
 *       the job (p50, p99, max), their errors (any answer that is not a success), the job's time,
 *       and the per-child write pause the job recorded (each child's apply transaction, p50/p99);</li>
 *   <li><b>staged</b>: the same migration sent through the API, one step, then staged with a 10 %
 *       first wave and promoted at once: the time to RunSuccess of each, and the ratio;</li>
 *   <li><b>check</b>: {@code GET …/schema/check} over the whole family.</li>
 * </ul>
 * <pre>bench/run.sh fleet-control [--children 10000 --runs 3 --writers 8 --written 100 --rate 1000 --clients 8]</pre>
 */
final class FleetControlBench {
    private static final Pattern BLOCKED = Pattern.compile("\"blocked_ms\":([0-9.]+)");
    private static final Pattern JOB = Pattern.compile("\"job_id\":(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private FleetControlBench() {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("options: --children 10000 --runs 3 --writers 8 --written 100 --rate 1000 --clients 8 "
                    + "--jar <shoal-cli.jar>");
            return;
        }
        int children = a.integer("children", 10_000);
        int runs = a.integer("runs", 3);
        int writers = a.integer("writers", 8);
        int written = a.integer("written", 100);
        int rate = a.integer("rate", 1000);
        int clients = a.integer("clients", 8);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        a.checkAllUsed();
        Path work = Files.createTempDirectory("shoal-fleet");
        try (ServerProcess server = ServerProcess.start(ServerProcess.stageJar(jar, work.resolve("jar")),
                work.resolve("data"), List.of())) {
            int port = server.port();
            SchemaFanoutBench.setUpSchema(port);
            SchemaFanoutBench.createChildren(port, children, clients);
            System.out.printf(Locale.ROOT, "%,d children; %d writers on %d of them, %s%n", children, writers, written,
                    rate > 0 ? String.format(Locale.ROOT, "%,d writes/s in all", rate) : "flat out");
            List<Double> pauseP99 = new ArrayList<>();
            List<Double> writeP99 = new ArrayList<>();
            List<Double> baseP99 = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            List<Double> staged = new ArrayList<>();
            List<Double> check = new ArrayList<>();
            long errors = 0;
            for (int run = 1; run <= runs; run++) {
                setMode(port, "online");
                double[] on = online(port, children, writers, written, rate, "o" + run);
                errors += (long) on[6];
                baseP99.add(on[1]);
                writeP99.add(on[3]);
                pauseP99.add(on[8]);
                System.out.printf(Locale.ROOT, "run %d online: job %.2f s; writers before p50 %.2f ms p99 %.2f ms, "
                        + "during p50 %.2f ms p99 %.2f ms max %.1f ms, %,d writes, %d errors; per-child write pause "
                        + "p50 %.2f ms p99 %.2f ms%n", run, on[5], on[0], on[1], on[2], on[3], on[4], (long) on[9],
                        (long) on[6], on[7], on[8]);
                setMode(port, "strict");
                plain.add(submitted(port, "p" + run, ""));
                staged.add(submitted(port, "st" + run, ",\"first_wave\":{\"percent\":10}"));
                check.add(check(port));
                System.out.printf(Locale.ROOT, "run %d: API migration one-step %.2f s, staged 10%% + promote %.2f s "
                        + "(%.2fx); schema check %.2f s%n", run, plain.get(run - 1), staged.get(run - 1),
                        staged.get(run - 1) / plain.get(run - 1), check.get(run - 1));
            }
            System.out.printf(Locale.ROOT, "median of %d runs, %,d children: online per-child write pause p99 %.2f ms; "
                    + "writers' p99 %.2f ms during the job vs %.2f ms before; writer errors %d; one-step %.2f s, staged "
                    + "%.2f s (%.2fx); check %.2f s%n", runs, children, Stats.median(pauseP99), Stats.median(writeP99),
                    Stats.median(baseP99), errors, Stats.median(plain), Stats.median(staged),
                    Stats.median(staged) / Stats.median(plain), Stats.median(check));
        }
    }

    private static void setMode(int port, String mode) throws Exception {
        String body = "{\"migration_mode\":\"" + mode + "\"}";
        byte[] req = ("PATCH /v1/organizations/admin/databases/slack-schema/configuration HTTP/1.1\r\nHost: 127.0.0.1:"
                + port + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
            if (h.exchange(req) != 200) {
                throw new IllegalStateException("PATCH configuration: " + h.bodyString());
            }
        }
    }

    /**
     * Writers before and during one online migration. Returns {before p50, before p99, during p50,
     * during p99, during max (ms), job seconds, errors, pause p50, pause p99 (ms), writes during}.
     */
    private static double[] online(int port, int children, int writers, int written, int rate, String suffix)
            throws Exception {
        long interval = rate > 0 ? 1_000_000_000L * writers / rate : 0; // each writer's share of the rate
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean during = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        Histogram[] before = new Histogram[writers];
        Histogram[] inJob = new Histogram[writers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Histogram b = before[w] = new Histogram();
            Histogram d = inJob[w] = new Histogram();
            int first = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try (MiniHttp h = new MiniHttp("127.0.0.1", port)) {
                    long next = System.nanoTime();
                    for (int n = first; !stop.get(); n += writers) {
                        if (interval > 0) {
                            next += interval;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                        int child = (int) ((long) (n % written) * children / written);
                        byte[] req = MiniHttp.post(port, "/db/admin/ws-" + child + "/v2/pipeline", "{\"requests\":["
                                + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO channels (name) VALUES (?)\","
                                + "\"args\":[{\"type\":\"text\",\"value\":\"c" + System.nanoTime() + "\"}]}},"
                                + "{\"type\":\"close\"}]}");
                        boolean inside = during.get();
                        long t0 = System.nanoTime();
                        int status = h.exchange(req);
                        (inside ? d : b).record(System.nanoTime() - t0);
                        if (status != 200 || h.bodyString().contains("\"type\":\"error\"")) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }));
        }
        Thread.sleep(3000);
        during.set(true);
        long t0 = System.nanoTime();
        String job = SchemaFanoutBench.migrateJob(port, suffix);
        double secs = (System.nanoTime() - t0) / 1e9;
        during.set(false);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        Histogram b = new Histogram();
        Histogram d = new Histogram();
        for (int w = 0; w < writers; w++) {
            b.add(before[w]);
            d.add(inJob[w]);
        }
        Histogram pause = blocked(port, job);
        return new double[] {ms(b.quantile(0.5)), ms(b.quantile(0.99)), ms(d.quantile(0.5)), ms(d.quantile(0.99)),
            ms(d.max()), secs, errors.get(), ms(pause.quantile(0.5)), ms(pause.quantile(0.99)), d.count()};
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Each child's recorded write-block window of a finished job. */
    private static Histogram blocked(int port, String job) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port, 120_000)) {
            h.exchange(get(port, "/db/admin/slack-schema/v1/jobs/" + job));
            Histogram blocked = new Histogram();
            Matcher m = BLOCKED.matcher(h.bodyString());
            while (m.find()) {
                blocked.record((long) (Double.parseDouble(m.group(1)) * 1e6));
            }
            return blocked;
        }
    }

    private static byte[] get(int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A migration sent to {@code POST …/migrations}; a staged one is promoted as soon as its first wave is done. */
    private static double submitted(int port, String suffix, String rollout) throws Exception {
        String base = "/v1/organizations/admin/databases/slack-schema/";
        try (MiniHttp h = new MiniHttp("127.0.0.1", port, 600_000)) {
            long t0 = System.nanoTime();
            int status = h.exchange(MiniHttp.post(port, base + "migrations", "{\"sql\":\"CREATE TABLE api_" + suffix
                    + " (id INTEGER PRIMARY KEY, note TEXT)\"" + rollout + "}"));
            Matcher j = JOB.matcher(h.bodyString());
            if (status != 200 || !j.find()) {
                throw new IllegalStateException("submit: " + status + " " + h.bodyString());
            }
            String job = j.group(1);
            boolean promoted = rollout.isEmpty();
            while (true) {
                h.exchange(get(port, base + "jobs/" + job));
                Matcher s = STATUS.matcher(h.bodyString());
                String st = s.find() ? s.group(1) : "?";
                if (st.equals("RunSuccess")) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                if (st.equals("WaitingPromote") && !promoted) {
                    h.exchange(MiniHttp.post(port, base + "jobs/" + job + "/promote", "{}"));
                    promoted = true;
                } else if (List.of("RunFailure", "DryRunFailure", "Cancelled", "NeedsAttention").contains(st)) {
                    throw new IllegalStateException("job " + job + " ended " + st + ": " + h.bodyString());
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private static double check(int port) throws Exception {
        try (MiniHttp h = new MiniHttp("127.0.0.1", port, 600_000)) {
            long t0 = System.nanoTime();
            int status = h.exchange(get(port, "/v1/organizations/admin/databases/slack-schema/schema/check"));
            double secs = (System.nanoTime() - t0) / 1e9;
            if (status != 200 || !h.bodyString().contains("\"drifted\":0")) {
                throw new IllegalStateException("check: " + status + " " + h.bodyString());
            }
            return secs;
        }
    }
}
