package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.storage.engine.StorageSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shoal serve}: the production form, bound as configured, with no default database. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Start a Shoal server.",
                "Databases are addressed as <url>/db/<organization>/<name>/ or, with --base-domain,",
                "as <name>-<organization>.<base-domain>."},
        footer = {"", "Examples:", "  shoal serve --data-dir /var/lib/shoal --host 0.0.0.0 --port 8080",
                "  shoal serve --base-domain db.example.com --public-url https://db.example.com"})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-d", "--data-dir"}, description = "Where databases and the catalog are kept. "
            + "Default: $XDG_DATA_HOME/shoal, else ~/.local/share/shoal.")
    Path dataDir;

    @Option(names = "--base-domain", description = "Serve <db>-<org>.<base-domain> host names (needs wildcard DNS).")
    String baseDomain;

    @Option(names = "--public-url", description = "The URL clients reach this server at, if not http://host:port.")
    URI publicUrl;

    @Option(names = "--first-user", defaultValue = "admin",
            description = "User (and personal organization) created on first start. Default: ${DEFAULT-VALUE}.")
    String firstUser;

    @Option(names = "--max-open-databases", defaultValue = "1000",
            description = "Databases kept open at once (least recently used are closed). Default: ${DEFAULT-VALUE}.")
    int maxOpen;

    @Option(names = "--synchronous", defaultValue = "NORMAL",
            description = "SQLite synchronous setting for tenant databases: NORMAL or FULL. Default: ${DEFAULT-VALUE}.")
    String synchronous;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = (dataDir != null ? dataDir : defaultDataDir()).toAbsolutePath().normalize();
        ServerConfig config;
        try {
            StorageSettings storage = new StorageSettings(dir, maxOpen, 4, Duration.ofSeconds(5), synchronous);
            config = new ServerConfig(host, port, storage, Optional.ofNullable(baseDomain), Optional.ofNullable(publicUrl),
                    false, firstUser, true, 8 * 1024 * 1024, 64 * 1024 * 1024, Duration.ofSeconds(10), 256, 10_000);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return 2;
        }
        return ServerRunner.run(config, spec.commandLine().getErr(), server -> {
            out.println("Shoal server listening on " + server.url());
            out.println("  Data directory: " + dir);
            if (server.firstApiToken().isPresent()) {
                out.println();
                out.println("First start: created user " + firstUser + " and its organization.");
                out.println("Its API token is in " + server.firstTokenFile() + " (readable only by you). Log in with:");
                out.println("  shoal auth login --url " + server.url() + " --token $(cat " + server.firstTokenFile() + ")");
            }
            out.flush();
        });
    }

    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("shoal");
    }
}
