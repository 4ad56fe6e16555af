package dev.shoal.cli.shell;

import dev.shoal.cli.CliEnv;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A real Shoal server in-process and helpers to run the shell against fresh databases. */
final class ShellTestSupport implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Path dir;
    final ShoalServer server;

    private ShellTestSupport(Path dir, ShoalServer server) {
        this.dir = dir;
        this.server = server;
    }

    static ShellTestSupport start() {
        return start(c -> c);
    }

    static ShellTestSupport start(UnaryOperator<ServerConfig> tweak) {
        try {
            Path dir = Files.createTempDirectory("shoal-shell-test");
            return new ShellTestSupport(dir, ShoalServer.start(tweak.apply(ServerConfig.dev(dir, 0))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A new empty database; returns its target. */
    ShellTarget newDatabase() {
        String name = "db" + COUNTER.incrementAndGet();
        server.databases().create("admin", name, Optional.empty());
        return target(name);
    }

    ShellTarget target(String name) {
        String url = server.url() + "/db/admin/" + name + "/";
        return new ShellTarget(URI.create(url), Optional.empty(), name,
                "libsql://" + url.substring("http://".length()));
    }

    record Run(int exit, String out, String err) {}

    /** One-shot mode: {@code shoal db shell db "<sql>"}. */
    static Run oneShot(ShellTarget t, String sql) {
        return run(t, Optional.of(sql), new ByteArrayInputStream(new byte[0]));
    }

    /** Piped mode: {@code shoal db shell db < input}. */
    static Run piped(ShellTarget t, String input) {
        return run(t, Optional.empty(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    static Run run(ShellTarget t, Optional<String> sql, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Shell.run(t, sql, env(in, o, e), null);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Not a terminal, no environment variables. */
    static CliEnv env(InputStream in, PrintStream out, PrintStream err) {
        return new CliEnv(in, out, err, Map.of(), false);
    }

    @Override
    public void close() {
        server.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp dir
        }
    }
}
