package dev.shoal.testkit.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Shoal server running as a child process ({@code shoal dev --port 0 ...} in its own JVM), its
 * port read from the {@code listening on http://127.0.0.1:<port>} banner and everything it prints
 * appended to a log file. {@link #kill()} is {@code kill -9}: {@link Process#destroyForcibly()}
 * sends SIGKILL on Linux, so no shutdown hook, finalizer or buffered write gets to run.
 */
public final class ServerChild implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    /**
     * How to start the server.
     *
     * @param command the whole command line, e.g. {@code java -cp ... dev.shoal.cli.ShoalCommand dev --port 0 ...}
     * @param env     extra environment variables
     * @param log     file the child's stdout and stderr are appended to
     */
    public record Command(List<String> command, Map<String, String> env, Path log) {
        /**
         * {@code java --enable-native-access=ALL-UNNAMED <jvmArgs> <launch...> dev --port 0 --data-dir <dataDir>
         * --no-login}, with the running JDK's {@code java}; {@code launch} is {@code -jar x.jar} or
         * {@code -cp <path> dev.shoal.cli.ShoalCommand}.
         */
        public static Command dev(List<String> jvmArgs, List<String> launch, Path dataDir, Path log, Path home) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.addAll(jvmArgs);
            cmd.addAll(launch);
            cmd.addAll(List.of("dev", "--port", "0", "--data-dir", dataDir.toString(), "--no-login"));
            // Anything per-user the CLI might write stays in the run's own directory.
            return new Command(List.copyOf(cmd), Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                    "XDG_DATA_HOME", home.resolve("data").toString()), log);
        }
    }

    private final Process process;
    private final String url;
    private final Thread pump;
    private final Path log;

    private ServerChild(Process process, String url, Thread pump, Path log) {
        this.process = process;
        this.url = url;
        this.pump = pump;
        this.log = log;
    }

    /** Starts the server and waits (at most 60 s) for its banner. */
    public static ServerChild start(Command c) throws IOException {
        Files.createDirectories(c.log().toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(c.command()).redirectErrorStream(true);
        pb.environment().putAll(c.env());
        Process p = pb.start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = Thread.ofPlatform().daemon().name("server-child-log").start(() -> pump(p, c.log(), url));
        try {
            return new ServerChild(p, url.get(60, TimeUnit.SECONDS), pump, c.log());
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage() + "\n  command: "
                    + String.join(" ", c.command()) + "\n  log: " + c.log(), e);
        }
    }

    private static void pump(Process p, Path log, CompletableFuture<String> url) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), true)) {
            w.println("---- server pid " + p.pid() + " started");
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                w.println(l);
                Matcher m = LISTENING.matcher(l);
                if (!url.isDone() && m.find()) {
                    url.complete(m.group(1));
                }
            }
            w.println("---- server pid " + p.pid() + " exited with status " + p.waitFor());
            url.completeExceptionally(new IOException("server exited with status " + p.exitValue()));
        } catch (IOException | InterruptedException e) {
            url.completeExceptionally(e);
        }
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server pid " + pid() + " survived SIGKILL for 30 s");
        }
        pump.join(5_000);
    }

    /** SIGTERM (a clean shutdown), SIGKILL if that takes over 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
