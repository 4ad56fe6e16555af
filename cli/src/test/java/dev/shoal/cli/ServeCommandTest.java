package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result serve(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnv env = new CliEnv(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("XDG_DATA_HOME", dir.toString()), false);
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = ShoalCommand.create(env).execute(all);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void configFileIsReadAndFlagsWin() throws Exception {
        Path conf = dir.resolve("shoal.conf");
        Files.writeString(conf, "# production\nlisten = 0.0.0.0:9000\ndata-dir = " + dir.resolve("data")
                + "\npublic-url = https://db.example.com\nsynchronous = full\nread-timeout = 30\n"
                + "statement-timeout = 5\nmax-value-size = 1mib\nmax-running-per-database = 3\n");
        Result r = serve("--config", conf.toString(), "--first-user", "ops", "--check");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("listen:             0.0.0.0:9000").contains("synchronous:        FULL")
                .contains("first-user:         ops").contains("public-url:         https://db.example.com")
                .contains("data-dir:           " + dir.resolve("data")).contains("read-timeout:       30 s")
                .contains("statement-timeout:  5 s").contains("max-value-size:     1048576 bytes")
                .contains("max-running-per-database:     3");
        Result flags = serve("--config", conf.toString(), "--listen", "127.0.0.1:7000", "--check");
        assertThat(flags.out()).contains("listen:             127.0.0.1:7000");
    }

    @Test
    void defaultsAreLoopbackPort8080AndTheUserDataHome() {
        Result r = serve("--check");
        assertThat(r.out()).contains("listen:             127.0.0.1:8080").contains("data-dir:           "
                + dir.resolve("shoal")).contains("read-timeout:       10 s");
    }

    @Test
    void busyAddressIsAnErrorThatTouchesNothing() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Result r = serve("--listen", "127.0.0.1:" + port, "--data-dir", data.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).matches("Error: port " + port + " on 127\\.0\\.0\\.1 is in use \\(.+\\); "
                    + "pass --port or --listen\n");
        }
        assertThat(data).as("no data directory, catalog, first token or lock").doesNotExist();
    }

    @Test
    void anAddressThatIsNotThisMachinesIsAClearError() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a local interface
        Result r = serve("--listen", "192.0.2.1:8080", "--data-dir", dir.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).matches("Error: cannot listen on 192\\.0\\.2\\.1:8080 \\(.+\\); pass --port or --listen\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndItsSource() throws Exception {
        Result flag = serve("--port", "80x", "--check");
        assertThat(flag.exit()).as("a bad flag is a usage error").isEqualTo(2);
        assertThat(flag.err()).isEqualTo("Error: port must be a number from 0 to 65535; got `80x` (from --port)\n"
                + "Run 'shoal serve --help' for usage.\n");
        assertThat(serve("--listen", "nohost", "--check").err()).contains("listen must be host:port");
        assertThat(serve("--public-url", "ftp://x", "--check").err()).contains("public-url must be an http:// or https:// URL");
        assertThat(serve("--synchronous", "off", "--check").err()).contains("synchronous must be NORMAL or FULL");
        assertThat(serve("--statement-timeout", "0", "--check").err()).contains("statement-timeout must be a number");
        assertThat(serve("--max-value-size", "12", "--check").err()).contains("max-value-size must be a size");
        assertThat(serve("--max-attached", "126", "--check").err()).contains("max-attached");
        assertThat(serve("--max-attached", "3", "--check").out()).contains("max-attached:       3");
        assertThat(serve("--max-running-per-database", "8", "--max-running-per-organization", "4", "--check").err())
                .contains("must be at least max-running-per-database (8)");
        assertThat(serve("--read-timeout", "0", "--check").err())
                .isEqualTo("Error: read-timeout must be a number from 1 to 3600; got `0` (from --read-timeout)\n"
                        + "Run 'shoal serve --help' for usage.\n");
        assertThat(serve("--base-domain", "http://x.com", "--check").err()).contains("base-domain must be a domain name");
        assertThat(serve("--first-user", "Bad User", "--check").err()).contains("user name `Bad User` is invalid");
        Path conf = dir.resolve("bad.conf");
        Path badValue = dir.resolve("bad-value.conf");
        Files.writeString(badValue, "port = 80x\n");
        Result fromFile = serve("--config", badValue.toString(), "--check");
        assertThat(fromFile.exit()).as("a bad line in the file is not a usage error").isEqualTo(1);
        assertThat(fromFile.err()).isEqualTo("Error: port must be a number from 0 to 65535; got `80x` (from " + badValue
                + ")\n");
        Files.writeString(conf, "prot = 8080\n");
        Result typo = serve("--config", conf.toString(), "--check");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).startsWith("Error: unknown setting `prot` in " + conf);
        assertThat(serve("--config", dir.resolve("missing.conf").toString()).err())
                .isEqualTo("Error: config file " + dir.resolve("missing.conf") + " does not exist\n");
        Path file = dir.resolve("file");
        Files.writeString(file, "");
        assertThat(serve("--data-dir", file.toString(), "--check").err()).contains("exists and is not a directory");
    }
}
