package dev.shoal.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What commands read and write besides their options: standard streams, environment variables
 * and whether stdin is a terminal. Tests build one with their own streams.
 */
public record CliEnv(InputStream in, PrintStream out, PrintStream err, Map<String, String> variables,
        boolean interactive) {

    public static CliEnv system() {
        return new CliEnv(System.in, System.out, System.err, System.getenv(), stdinIsTerminal());
    }

    /**
     * Whether stdin and stdout are a terminal. Before JDK 22 {@code System.console()} is null
     * otherwise; from 22 on it always exists and {@code Console.isTerminal()} tells (looked up by
     * name, since Shoal also runs on 21).
     */
    static boolean stdinIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    public Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
