package dev.shoal.bench;

import dev.shoal.testkit.crash.CrashCycles;
import dev.shoal.testkit.crash.CrashReport;
import dev.shoal.testkit.crash.ServerChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * kill -9 durability ({@link CrashCycles}, shared with the CLI's {@code CrashDurabilityTest}): the
 * server jar in its own JVM, killed with SIGKILL at random moments under acknowledged writes and
 * database creations, restarted on the same data directory and checked after every kill. Exits 1
 * if anything acknowledged was lost or anything is corrupt.
 */
public final class CrashBench {
    private CrashBench() {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("""
                    CrashBench: kill -9 under acknowledged writes; nothing acknowledged lost, nothing corrupt.
                      --cycles N        kills (default 10)
                      --seed S          seed of load times and writes (default: random, printed)
                      --writers N       writer threads (default 4)
                      --min-load-ms N   shortest load before a kill (default 1000)
                      --max-load-ms N   longest load before a kill (default 6000)
                      --jar PATH        shoal CLI jar (default cli/target/shoal-cli.jar), copied with lib/ first
                      --server-jvm ARGS JVM options for the server (default "-Xmx512m")
                      --keep            keep the temp directory (server log, data)
                    """);
            return;
        }
        int cycles = a.integer("cycles", 10);
        long seed = Long.parseLong(a.string("seed", Long.toString(ThreadLocalRandom.current().nextLong(1L << 48))));
        int writers = a.integer("writers", 4);
        int minLoad = a.integer("min-load-ms", 1000);
        int maxLoad = a.integer("max-load-ms", 6000);
        Path jar = a.path("jar", "cli/target/shoal-cli.jar");
        String serverJvm = a.string("server-jvm", "-Xmx512m");
        boolean keep = a.flag("keep", false);
        a.checkAllUsed();
        List<String> jvm = serverJvm.isBlank() ? List.of() : Arrays.asList(serverJvm.trim().split("\\s+"));

        System.out.printf("CrashBench: %d cycles, seed %d, %d writers, %d-%d ms of load before each kill%n  machine: %s%n",
                cycles, seed, writers, minLoad, maxLoad, Proc.machine());
        Path tmp = Files.createTempDirectory("shoal-bench-crash-");
        boolean ok;
        try {
            Path staged = ServerProcess.stageJar(jar, tmp.resolve("server-jar"));
            Path data = tmp.resolve("data");
            Path log = tmp.resolve("server.log");
            ServerChild.Command command = ServerChild.Command.dev(jvm, List.of("-jar", staged.toString()), data, log,
                    tmp.resolve("home"));
            System.out.println("  server: " + String.join(" ", command.command()));
            CrashReport report = new CrashCycles(command, data,
                    new CrashCycles.Options(cycles, seed, writers, Duration.ofMillis(minLoad), Duration.ofMillis(maxLoad)),
                    System.out::println).run();
            System.out.println();
            System.out.println(report.summary());
            System.out.println("  " + ServerLogScan.of(log).summary() + " (all restarts; informational)");
            ok = report.clean();
        } finally {
            if (keep) {
                System.out.println("  kept " + tmp);
            } else {
                PointSelectBench.deleteTree(tmp);
            }
        }
        System.out.println(ok ? "RESULT: ok" : "RESULT: FAILED");
        System.exit(ok ? 0 : 1);
    }
}
