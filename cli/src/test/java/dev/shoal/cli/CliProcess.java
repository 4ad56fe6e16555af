package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code shoal} command in a JVM of its own (this module's test classpath holds the CLI),
 * either under a pseudo-terminal or with its standard streams piped. The pseudo-terminal comes
 * from util-linux's {@code script} ({@code script -qfec "<command>" /dev/null}): on Debian it is in
 * {@code bsdutils}, an essential package, so every machine the build runs on has it. What
 * {@code script} prints is what a user at that terminal would see, with the terminal's {@code \r\n}
 * line endings.
 */
final class CliProcess {
    /** A run that takes longer is taken to hang. */
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exit, String out, String err) {}

    private final Map<String, String> environment;

    /** @param environment the variables the command gets besides {@code PATH} (e.g. the harness's {@code HOME}) */
    CliProcess(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Runs {@code shoal args} on an 80x24 terminal with {@code keys} typed at it (before it starts:
     * the terminal echoes them, then the command reads them); {@code out} holds stdout and stderr
     * as shown. The size is set with {@code stty} since {@code script} copies it from its own
     * stdin, which is no terminal here (JLine cannot lay out a prompt on 0 columns).
     */
    Result atTerminal(String keys, String... args) {
        String command = "stty cols 80 rows 24; exec " + String.join(" ", shoal(args).stream().map(CliProcess::quoted).toList());
        return run(List.of("script", "-qfec", command, "/dev/null"), keys);
    }

    /** Runs {@code shoal args} with stdin, stdout and stderr piped (as a script or CI job would). */
    Result piped(String... args) {
        return run(shoal(args), "");
    }

    private Result run(List<String> command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().retainAll(List.of("PATH"));
        pb.environment().putAll(environment);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("TERM", "xterm");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (util-linux `script` is needed for the "
                    + "terminal tests; Debian: bsdutils)", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)).transferTo(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertThat(ended).as("shoal %s ended within %d s; it printed: %s", String.join(" ", command),
                    TIMEOUT_SECONDS, out.getNow("")).isTrue();
            return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("running " + command + " failed", e);
        }
    }

    /** {@code java … dev.shoal.cli.ShoalCommand args}, started for speed (C1 only, serial GC). */
    private static List<String> shoal(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classpath(), ShoalCommand.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** This JVM's classpath (Surefire sets it to the test classpath), checked to hold the CLI. */
    private static String classpath() {
        String cp = System.getProperty("java.class.path");
        boolean hasCli = List.of(cp.split(File.pathSeparator)).stream().anyMatch(e ->
                Files.exists(Path.of(e).resolve(ShoalCommand.class.getName().replace('.', '/') + ".class"))
                        || e.endsWith(".jar") && e.contains("shoal-cli"));
        assertThat(hasCli).as("the CLI's classes are on java.class.path: %s", cp).isTrue();
        return cp;
    }

    /** One word for {@code sh -c}. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
