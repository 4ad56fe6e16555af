package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shoal serve}: the production form, bound as configured, tokens required, no default database. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Start a Shoal server. Every request needs a token.",
                "Databases are addressed as <url>/db/<organization>/<name>/ or, with --base-domain,",
                "as <name>-<organization>.<base-domain>.",
                "Settings come from --config (key = value lines, same names as the flags), then flags."},
        footer = {"", "Examples:", "  shoal serve --data-dir /var/lib/shoal --listen 0.0.0.0:8080",
                "  shoal serve --config /etc/shoal/shoal.conf --check",
                "  shoal serve --base-domain db.example.com --public-url https://db.example.com",
                "", "Config file example:", "  listen = 0.0.0.0:8080", "  data-dir = /var/lib/shoal",
                "  public-url = https://db.example.com"})
final class ServeCommand implements Callable<Integer> {
    private final CliEnv env;

    @Option(names = "--config", description = "Config file (key = value lines).")
    Path config;

    @Option(names = "--listen", description = "host:port to bind (instead of --host and --port).")
    String listen;

    @Option(names = "--host", description = "Address to bind. Default: 127.0.0.1.")
    String host;

    @Option(names = {"-p", "--port"}, description = "Port to listen on. Default: 8080.")
    String port;

    @Option(names = {"-d", "--data-dir"}, description = "Where databases and the catalog are kept. "
            + "Default: $XDG_DATA_HOME/shoal, else $HOME/.local/share/shoal.")
    String dataDir;

    @Option(names = "--base-domain", description = "Serve <db>-<org>.<base-domain> host names (needs wildcard DNS).")
    String baseDomain;

    @Option(names = "--public-url", description = "The URL clients reach this server at, if not http://host:port.")
    String publicUrl;

    @Option(names = "--first-user", description = "User (and personal organization) created on first start. Default: admin.")
    String firstUser;

    @Option(names = "--max-open-databases", description = "Databases kept open at once (least recently used are closed). "
            + "Default: 1000.")
    String maxOpen;

    @Option(names = "--synchronous", description = "SQLite synchronous setting for tenant databases: NORMAL or FULL. "
            + "Default: NORMAL.")
    String synchronous;

    @Option(names = "--read-timeout", description = "Seconds a request body may pause before the connection is closed. "
            + "Default: 10.")
    String readTimeout;

    @Option(names = "--statement-timeout", description = "Seconds one tenant statement may run before it is "
            + "interrupted. Default: 30.")
    String statementTimeout;

    @Option(names = "--max-value-size", description = "Largest string or blob a statement may make, e.g. 64mib. "
            + "Default: 64mib.")
    String maxValueSize;

    @Option(names = "--max-attached", description = "Databases one SQL stream may ATTACH at once (0 to 125). "
            + "Default: 10.")
    String maxAttached;

    @Option(names = "--max-running-per-database", description = "SQL requests of one database running at once; "
            + "others wait their turn. Default: 2 per CPU core.")
    String runningPerDatabase;

    @Option(names = "--max-running-per-organization", description = "SQL requests of one organization running at "
            + "once. Default: 4 times the per-database limit.")
    String runningPerOrganization;

    @Option(names = "--log-format", description = "Log lines on stderr: text, or json (one JSON object per line). "
            + "Default: $SHOAL_LOG_FORMAT, else text.")
    String logFormat;

    @Option(names = "--check", description = "Validate the settings, print them and exit without starting.")
    boolean check;

    ServeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ServeSettings settings = new ServeSettings();
        if (config != null) {
            settings.loadFile(config);
        }
        settings.flag("listen", listen);
        settings.flag("host", host);
        settings.flag("port", port);
        settings.flag("data-dir", dataDir);
        settings.flag("base-domain", baseDomain);
        settings.flag("public-url", publicUrl);
        settings.flag("first-user", firstUser);
        settings.flag("max-open-databases", maxOpen);
        settings.flag("synchronous", synchronous);
        settings.flag("read-timeout", readTimeout);
        settings.flag("statement-timeout", statementTimeout);
        settings.flag("max-value-size", maxValueSize);
        settings.flag("max-attached", maxAttached);
        settings.flag("max-running-per-database", runningPerDatabase);
        settings.flag("max-running-per-organization", runningPerOrganization);
        ServerConfig cfg = settings.toConfig(defaultDataDir(env));
        LogFormat logs = LogFormat.choose(logFormat, env);
        PrintStream out = env.out();
        if (check) {
            printSettings(out, cfg);
            out.println("  log-format:         " + logs.wire());
            return 0;
        }
        logs.apply();
        ServerRunner.Address address = new ServerRunner.Address(true, "--port or --listen");
        return ServerRunner.run(cfg, address, new java.io.PrintWriter(env.err(), true), server -> {
            out.println("Shoal server listening on " + server.url());
            out.println("  Data directory: " + cfg.storage().dataDir());
            if (server.firstApiToken().isPresent()) {
                out.println();
                out.println("First start: created user " + cfg.firstUser() + " and its organization.");
                out.println("Its API token is in " + server.firstTokenFile() + " (readable only by you). Log in with:");
                out.println("  shoal auth login --url " + server.url() + " --token $(cat " + server.firstTokenFile() + ")");
            }
            out.flush();
        });
    }

    private static void printSettings(PrintStream out, ServerConfig cfg) {
        out.println("Settings are valid:");
        out.println("  listen:             " + cfg.host() + ":" + cfg.port());
        out.println("  data-dir:           " + cfg.storage().dataDir());
        out.println("  base-domain:        " + cfg.baseDomain().orElse("(none)"));
        out.println("  public-url:         " + cfg.publicUrl().map(Object::toString).orElse("(http://listen address)"));
        out.println("  first-user:         " + cfg.firstUser());
        out.println("  max-open-databases: " + cfg.storage().maxOpenDatabases());
        out.println("  synchronous:        " + cfg.storage().synchronous());
        out.println("  read-timeout:       " + cfg.readTimeout().toSeconds() + " s");
        out.println("  statement-timeout:  " + cfg.storage().statementTimeout().toSeconds() + " s");
        out.println("  max-value-size:     " + cfg.storage().maxValueBytes() + " bytes");
        out.println("  max-attached:       " + cfg.storage().maxAttached());
        out.println("  max-running-per-database:     " + cfg.maxRunningPerDatabase());
        out.println("  max-running-per-organization: " + cfg.maxRunningPerOrganization());
    }

    static Path defaultDataDir(CliEnv env) {
        return env.dataHome().resolve("shoal");
    }
}
