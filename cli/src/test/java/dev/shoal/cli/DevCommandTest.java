package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shoal dev} in-process: the login it writes, and a busy port. */
class DevCommandTest {
    @TempDir
    Path dir;

    private Map<String, String> homeOnly() {
        Map<String, String> vars = new HashMap<>();
        vars.put("HOME", dir.resolve("home").toString());
        return vars;
    }

    @Test
    void busyPortIsAnErrorThatTouchesNothing() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            CliHarness.Result r = CliHarness.execute(homeOnly(), "", false,
                    "dev", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            Matcher m = Pattern.compile("Error: port " + port + " is in use \\((.+)\\); pass --port\n").matcher(r.err());
            assertThat(m.matches()).as(r.err()).isTrue();
            assertThat(m.group(1)).as("the operating system's reason").isNotBlank().doesNotContain("Exception");
        }
        assertThat(dir.resolve("data")).as("no data directory, catalog or lock").doesNotExist();
        assertThat(dir.resolve("home")).as("no CLI login").doesNotExist();
    }

    @Test
    void logsTheCliInUnderHomeAndStopsCleanlyWhenInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnv env = new CliEnv(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), homeOnly(), false);
        Path settings = dir.resolve("home/.config/shoal/settings.json");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> dev = thread.submit(() -> ShoalCommand.create(env)
                    .execute("dev", "--port", "0", "--data-dir", dir.resolve("data").toString()));
            awaitBanner(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("listening on http://127\\.0\\.0\\.1:\\d+\n")
                    .contains("CLI:               logged in as admin (" + settings + ")");
            assertThat(settings).exists();

            // the login works: a client command with the same HOME reaches the dev server
            CliHarness.Result list = CliHarness.execute(homeOnly(), "", false, "db", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).containsPattern("default\\s+regular");

            dev.cancel(true);
            thread.shutdown();
            assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).as("dev stopped").isTrue();
        } finally {
            thread.shutdownNow();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        // the server let go of its data directory: a new one starts on it
        try (var again = dev.shoal.server.ShoalServer.start(
                dev.shoal.server.ServerConfig.dev(dir.resolve("data"), 0))) {
            assertThat(again.port()).isPositive();
        }
    }

    private static void awaitBanner(ByteArrayOutputStream out) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C to stop.")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no banner; stdout so far:\n" + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }
}
