package dev.shoal.bench;

import dev.shoal.testkit.fuzz.FuzzReport;
import dev.shoal.testkit.fuzz.FuzzRun;
import dev.shoal.testkit.fuzz.HranaFuzzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Hrana fuzzer ({@link HranaFuzzer}, shared with the server's {@code HranaFuzzTest}) at scale:
 * a million mutated requests against a server in its own JVM, then a normal query on every
 * database, then the server's log searched for stack traces. Prints answers by status and error
 * code, 5xx and unanswered counts, requests/s; exits 1 if anything was wrong.
 */
public final class FuzzBench {
    /** dev mode's stream idle timeout: parked batons are sent as expired after it. */
    private static final Duration DEV_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> TARGETS = List.of("", "/db/admin/fuzz-a", "/db/admin/fuzz-b");

    private FuzzBench() {}

    private record Options(long requests, long seed, int threads, int maxMinutes, Path jar, List<String> jvm,
            boolean keep) {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("""
                    FuzzBench: mutated Hrana requests against a real server; every answer must be < 500.
                      --requests N      HTTP requests to send (default 1000000)
                      --seed S          seed of the cases (default: random, printed); replays the same requests
                      --threads N       concurrent keep-alive clients (default 8; fewer leave the cores idle
                                        while requests wait on SQLite's locks and fsyncs)
                      --max-minutes N   stop after this long even if N is not reached (default 20)
                      --jar PATH        shoal CLI jar (default cli/target/shoal-cli.jar), copied with lib/ first
                      --server-jvm ARGS JVM options for the server (default "-Xmx512m")
                      --keep            keep the temp directory (server log, data)
                    """);
            return;
        }
        long requests = Long.parseLong(a.string("requests", "1000000").replace("_", ""));
        long seed = Long.parseLong(a.string("seed", Long.toString(ThreadLocalRandom.current().nextLong(1L << 48))));
        int threads = a.integer("threads", 8);
        int maxMinutes = a.integer("max-minutes", 20);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        String serverJvm = a.string("server-jvm", "-Xmx512m");
        boolean keep = a.flag("keep", false);
        a.checkAllUsed();
        List<String> jvm = serverJvm.isBlank() ? List.of() : Arrays.asList(serverJvm.trim().split("\\s+"));
        boolean ok = run(new Options(requests, seed, threads, maxMinutes, jar, jvm, keep));
        System.exit(ok ? 0 : 1);
    }

    /** What one run measured: the fuzz report, CPU by process, the checks after the run. */
    private record Outcome(FuzzReport report, double serverCpu, double clientCpu, double otherCpu, long rssKb,
            boolean servesAfter, ServerLogScan scan) {}

    private static boolean run(Options o) throws Exception {
        System.out.printf(Locale.ROOT, "FuzzBench: %,d requests, seed %d, %d clients%n  machine: %s, load average %s%n",
                o.requests(), o.seed(), o.threads(), Proc.machine(), Proc.loadAverage());
        Path tmp = Files.createTempDirectory("shoal-bench-fuzz-");
        Outcome out;
        try {
            out = measure(o, ServerProcess.stageJar(o.jar(), tmp.resolve("server-jar")), tmp);
        } finally {
            if (o.keep()) {
                System.out.println("  kept " + tmp);
            } else {
                PointSelectBench.deleteTree(tmp);
            }
        }
        return print(o, out);
    }

    private static Outcome measure(Options o, Path jar, Path tmp) throws Exception {
        ServerProcess sp = ServerProcess.start(jar, tmp.resolve("data"), o.jvm());
        Outcome partial;
        try (sp) {
            System.out.println("  server: separate JVM, pid " + sp.pid() + ", port " + sp.port() + ", JVM options "
                    + o.jvm() + ", log " + sp.log());
            setUp(sp.port());
            double cpu0 = Proc.processCpuSeconds(sp.pid());
            double self0 = Proc.selfCpuSeconds();
            double busy0 = Proc.machineBusySeconds();
            FuzzReport report = fuzz(o, sp);
            double server = Proc.processCpuSeconds(sp.pid()) - cpu0;
            double client = Proc.selfCpuSeconds() - self0;
            double other = Proc.machineBusySeconds() - busy0 - server - client;
            partial = new Outcome(report, server, client, other, Proc.statusKb(sp.pid(), "VmHWM"),
                    sp.alive() && servesNormalQueries(sp.port()), null);
        }
        ServerLogScan scan = ServerLogScan.of(sp.log()); // after the clean shutdown, so its log is in too
        return new Outcome(partial.report(), partial.serverCpu(), partial.clientCpu(), partial.otherCpu(),
                partial.rssKb(), partial.servesAfter(), scan);
    }

    private static boolean print(Options o, Outcome out) {
        FuzzReport report = out.report();
        System.out.println();
        System.out.println(report.summary());
        System.out.printf(Locale.ROOT, "  CPU: server %.0f s (%.0f µs per request, peak RSS %.0f MB), fuzzing client %.0f s"
                        + " (%.0f µs per request), other processes %.0f s (%.2f cores)%n", out.serverCpu(),
                out.serverCpu() * 1e6 / report.requests(), out.rssKb() / 1024.0, out.clientCpu(),
                out.clientCpu() * 1e6 / report.requests(), out.otherCpu(), out.otherCpu() / report.seconds());
        System.out.println("  normal queries after the run: " + (out.servesAfter() ? "answered" : "FAILED"));
        System.out.println("  " + out.scan().summary());
        boolean ok = report.failures() == 0 && out.servesAfter() && out.scan().clean() && !report.stoppedByTime();
        if (report.failures() > 0) {
            System.out.println("  first failures (replay: --seed " + o.seed() + "):\n" + String.join("\n", report.samples()));
        }
        System.out.println(ok ? "RESULT: ok" : "RESULT: FAILED");
        return ok;
    }

    private static FuzzReport fuzz(Options o, ServerProcess sp) throws InterruptedException {
        FuzzRun run = new FuzzRun(new HranaFuzzer(TARGETS, DEV_IDLE_TIMEOUT),
                new FuzzRun.Options(o.seed(), o.requests(), Duration.ofMinutes(o.maxMinutes()), o.threads()));
        Thread progress = Thread.ofPlatform().daemon().name("fuzz-progress").start(() -> {
            long t0 = System.nanoTime();
            try {
                while (true) {
                    Thread.sleep(30_000);
                    System.out.printf(Locale.ROOT, "  %,10d requests after %4.0f s (load average %s)%n", run.sent(),
                            (System.nanoTime() - t0) / 1e9, Proc.loadAverage());
                }
            } catch (InterruptedException e) {
                // run over
            }
        });
        try {
            return run.run(() -> new MiniHttpFuzzTransport(sp.port()));
        } finally {
            progress.interrupt();
        }
    }

    /** Creates the fuzz databases and their tables; anything but 200 here is a setup failure. */
    private static void setUp(int port) throws IOException {
        try (MiniHttp http = new MiniHttp("127.0.0.1", port)) {
            for (String target : TARGETS) {
                if (!target.isEmpty()) {
                    String name = target.substring(target.lastIndexOf('/') + 1);
                    expect200(http, MiniHttp.post(port, "/v1/organizations/admin/databases",
                            "{\"name\":\"" + name + "\"}"), "create " + name);
                }
                for (String sql : HranaFuzzer.SETUP_SQL) {
                    expect200(http, MiniHttp.post(port, target + "/v2/pipeline", "{\"requests\":[{\"type\":\"execute\","
                            + "\"stmt\":{\"sql\":\"" + sql + "\"}},{\"type\":\"close\"}]}"), sql);
                }
            }
        }
    }

    private static boolean servesNormalQueries(int port) {
        byte[] fortyTwo = "{\"type\":\"integer\",\"value\":\"42\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (MiniHttp http = new MiniHttp("127.0.0.1", port)) {
            for (String target : TARGETS) {
                int status = http.exchange(MiniHttp.post(port, target + "/v2/pipeline",
                        "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 40 + 2\"}},{\"type\":\"close\"}]}"));
                if (status != 200 || !http.bodyContains(fortyTwo)) {
                    System.out.println("  normal query on '" + target + "' got HTTP " + status + ": " + http.bodyString());
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            System.out.println("  normal query failed: " + e);
            return false;
        }
    }

    private static void expect200(MiniHttp http, byte[] request, String what) throws IOException {
        int status = http.exchange(request);
        if (status != 200 || http.bodyString().contains("\"type\":\"error\"")) {
            throw new IOException("setup step `" + what + "` failed: HTTP " + status + " " + http.bodyString());
        }
    }
}
