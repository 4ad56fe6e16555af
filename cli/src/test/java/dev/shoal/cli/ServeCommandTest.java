package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
                + "\npublic-url = https://db.example.com\nsynchronous = full\nread-timeout = 30\n");
        Result r = serve("--config", conf.toString(), "--first-user", "ops", "--check");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("listen:             0.0.0.0:9000").contains("synchronous:        FULL")
                .contains("first-user:         ops").contains("public-url:         https://db.example.com")
                .contains("data-dir:           " + dir.resolve("data")).contains("read-timeout:       30 s");
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
    void badSettingsAreRefusedNamingTheSettingAndItsSource() throws Exception {
        assertThat(serve("--port", "80x", "--check").err())
                .isEqualTo("Error: port must be a number from 0 to 65535; got `80x` (from --port)\n");
        assertThat(serve("--listen", "nohost", "--check").err()).contains("listen must be host:port");
        assertThat(serve("--public-url", "ftp://x", "--check").err()).contains("public-url must be an http:// or https:// URL");
        assertThat(serve("--synchronous", "off", "--check").err()).contains("synchronous must be NORMAL or FULL");
        assertThat(serve("--read-timeout", "0", "--check").err())
                .isEqualTo("Error: read-timeout must be a number from 1 to 3600; got `0` (from --read-timeout)\n");
        assertThat(serve("--base-domain", "http://x.com", "--check").err()).contains("base-domain must be a domain name");
        assertThat(serve("--first-user", "Bad User", "--check").err()).contains("user name `Bad User` is invalid");
        Path conf = dir.resolve("bad.conf");
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
