package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.crash.CrashCycles;
import dev.shoal.testkit.crash.CrashReport;
import dev.shoal.testkit.crash.ServerChild;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 durability, CI-sized: the real {@code shoal dev} in its own JVM (this module's test
 * classpath holds the whole server) is killed three times under acknowledged writes and database
 * creations, and restarted on the same data directory each time. Nothing acknowledged may be
 * lost and every database and the catalog must pass {@code PRAGMA integrity_check}
 * ({@link CrashCycles}; the ten-cycle form is {@code bench/run.sh crash}). The seed is random and
 * printed; replay with {@code -Dshoal.crash.seed=<seed>} (kill moments still depend on timing).
 */
class CrashDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesAndDatabasesSurviveKillMinus9() throws Exception {
        long seed = Long.getLong("shoal.crash.seed", System.nanoTime());
        System.out.println("CrashDurabilityTest seed " + seed + " (replay: -Dshoal.crash.seed=" + seed + ")");
        Path data = dir.resolve("data");
        ServerChild.Command server = ServerChild.Command.dev(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                List.of("-cp", serverClasspath(), ShoalCommand.class.getName()), data, dir.resolve("server.log"),
                dir.resolve("home"));
        CrashReport report = new CrashCycles(server, data,
                new CrashCycles.Options(3, seed, 3, Duration.ofMillis(700), Duration.ofMillis(2500)), System.out::println)
                .run();
        System.out.println(report.summary());

        assertThat(report.clean()).as(report.summary() + "\nserver log: " + tail(dir.resolve("server.log"))).isTrue();
        assertThat(report.lost()).isZero();
        assertThat(report.corrupt()).isZero();
        assertThat(report.ackedWrites()).as("the server was really under write load when killed").isGreaterThan(30);
        assertThat(report.ackedDatabases()).as("databases were created between kills").isGreaterThan(1);
        assertThat(report.checks()).hasSize(3);
    }

    /**
     * This JVM's classpath (Surefire sets {@code java.class.path} to the test classpath, which
     * holds the CLI, the server and their dependencies), checked to include the CLI's classes.
     */
    private static String serverClasspath() {
        String cp = System.getProperty("java.class.path");
        boolean hasCli = Arrays.stream(cp.split(File.pathSeparator))
                .anyMatch(e -> Files.exists(Path.of(e).resolve(ShoalCommand.class.getName().replace('.', '/') + ".class"))
                        || e.endsWith(".jar") && e.contains("shoal-cli"));
        assertThat(hasCli).as("the CLI's classes are on java.class.path: %s", cp).isTrue();
        return cp;
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
