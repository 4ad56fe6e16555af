package dev.shoal.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What commands read and write besides their options: standard streams, environment variables
 * and whether stdin is a terminal. Tests build one with their own streams and variables; no
 * command reads {@code System.getenv} or the user's home any other way.
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

    /**
     * The user's home: {@code $HOME}, so that {@code HOME=/tmp/x shoal …} keeps everything under
     * {@code /tmp/x}. Java's {@code user.home} (the account's home from the user database) only
     * when {@code HOME} is unset.
     */
    public Path home() {
        return variable("HOME").map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
    }

    /** {@code $XDG_CONFIG_HOME} when set and absolute (the XDG rule), else {@code ~/.config}. */
    public Path configHome() {
        return xdg("XDG_CONFIG_HOME").orElseGet(() -> home().resolve(".config"));
    }

    /** {@code $XDG_DATA_HOME} when set and absolute, else {@code ~/.local/share}. */
    public Path dataHome() {
        return xdg("XDG_DATA_HOME").orElseGet(() -> home().resolve(".local").resolve("share"));
    }

    /** The XDG Base Directory spec: a relative path in these variables is invalid and ignored. */
    private Optional<Path> xdg(String name) {
        return variable(name).map(Path::of).filter(Path::isAbsolute);
    }
}
