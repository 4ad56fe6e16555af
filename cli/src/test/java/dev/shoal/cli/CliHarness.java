package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs real `shoal` commands in-process against a real server on port 0, with scripted stdin and
 * captured stdout/stderr. Each harness has its own data and config directories, and its own
 * {@code HOME}, so no test can reach the real user's files.
 */
final class CliHarness implements AutoCloseable {
    final ShoalServer server;
    final Path configDir;
    final Map<String, String> variables = new HashMap<>();

    record Result(int exit, String out, String err) {}

    /** The JOB column of `db migrations list`'s first row under its header line: the newest job. */
    static String newestJob(Result list) {
        return list.out().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[0];
    }

    CliHarness(Path dir) {
        this(dir, ServerConfig.dev(dir.resolve("data"), 0));
    }

    CliHarness(Path dir, ServerConfig config) {
        server = ShoalServer.start(config);
        configDir = dir.resolve("config");
        variables.put("HOME", dir.resolve("home").toString());
        variables.put("SHOAL_CONFIG_DIR", configDir.toString());
    }

    String apiToken() {
        return server.firstApiToken().orElseThrow();
    }

    /** Logs the CLI in with the first user's API token. */
    CliHarness login() {
        Result r = run("auth", "login", "--url", server.url(), "--token", apiToken());
        if (r.exit != 0) {
            throw new IllegalStateException("login failed: " + r.err);
        }
        return this;
    }

    /** Runs a command with {@code stdin} as its standard input. */
    Result input(String stdin, String... args) {
        return execute(Map.copyOf(variables), stdin, false, args);
    }

    /** Runs a command as if typed at a terminal: {@code keys} are the keystrokes. */
    Result atTerminal(String keys, String... args) {
        return execute(Map.copyOf(variables), keys, true, args);
    }

    /** Runs a command with exactly these environment variables (no server needed). */
    static Result execute(Map<String, String> variables, String stdin, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnv env = new CliEnv(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                variables, terminal);
        int exit = ShoalCommand.create(env).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result run(String... args) {
        return input("", args);
    }

    @Override
    public void close() {
        server.close();
    }
}
