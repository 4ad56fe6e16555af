package dev.shoal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Shoal server in its own JVM: {@code java --enable-native-access=ALL-UNNAMED <jvm args> -jar
 * shoal-cli.jar dev --port 0 --data-dir <dir>}, its port parsed from the banner line
 * {@code listening on http://127.0.0.1:<port>}, its output kept in {@code server.log}.
 * Stopped with SIGTERM (the CLI shuts down cleanly), killed if that takes over 15 s.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final Thread pump;

    private ServerProcess(Process process, Path log, int port, Thread pump) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.pump = pump;
    }

    /**
     * Copies {@code jar} and the {@code lib/} next to it into {@code into}, so a rebuild of the
     * original during the measurement cannot change the server under test. Returns the copy.
     */
    static Path stageJar(Path jar, Path into) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found; build it first: ./mvnw -q -B -pl cli,bench -am package -DskipTests");
        }
        try {
            Files.createDirectories(into.resolve("lib"));
            Path copy = into.resolve(jar.getFileName());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            Path lib = jar.toAbsolutePath().getParent().resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> s = Files.list(lib)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        Files.copy(p, into.resolve("lib").resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar + " to " + into, e);
        }
    }

    static ServerProcess start(Path jar, Path dataDir, List<String> jvmArgs) throws IOException, InterruptedException {
        return start(jar, dataDir, jvmArgs, java.util.Map.of());
    }

    /** As {@link #start(Path, Path, List)}, with extra environment variables (e.g. MALLOC_ARENA_MAX). */
    static ServerProcess start(Path jar, Path dataDir, List<String> jvmArgs, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toString(), "dev", "--port", "0", "--data-dir", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // `shoal dev` logs the CLI in by writing $XDG_CONFIG_HOME/shoal/settings.json: keep that
        // (and anything else per-user) inside the benchmark's temp dir, not in the user's home.
        Path home = dataDir.resolveSibling(dataDir.getFileName() + "-home");
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().putAll(env);
        return launch(pb, dataDir.resolveSibling(dataDir.getFileName() + "-server.log"));
    }

    /**
     * A {@code main} of this bench jar in its own JVM (the running JVM's java, this JVM's class
     * path), e.g. {@link StackCeilingServer}; it must print {@code listening on http://127.0.0.1:<port>}.
     */
    static ServerProcess startMain(Class<?> main, List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return launch(new ProcessBuilder(cmd), log);
    }

    private static ServerProcess launch(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, port), "server-log-pump");
        pump.setDaemon(true);
        pump.start();
        ServerProcess sp;
        try {
            sp = new ServerProcess(p, log, port.get(60, TimeUnit.SECONDS), pump);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage() + "\n  command: " + String.join(" ", pb.command())
                    + "\n  log (" + log + "):\n" + tail(log, 30), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sp::close));
        return sp;
    }

    private static void pump(Process p, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                w.println(l);
                Matcher m = LISTENING.matcher(l);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
            port.completeExceptionally(new IOException("server exited with status " + p.waitFor()));
        } catch (IOException | InterruptedException e) {
            port.completeExceptionally(e);
        }
    }

    int port() {
        return port;
    }

    /** The file holding everything the server printed (stdout and stderr). */
    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail(int lines) {
        return tail(log, lines);
    }

    /** Runs {@code jcmd <pid> <command...>} from the running JDK and returns its output. */
    String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        try {
            Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!j.waitFor(60, TimeUnit.SECONDS)) {
                j.destroyForcibly();
                throw new TimeoutException("jcmd timed out");
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "jcmd failed: " + e;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: the CLI's shutdown hook closes databases and the catalog
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(5_000); // the log is complete once the pump has read the last line
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log, int n) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
