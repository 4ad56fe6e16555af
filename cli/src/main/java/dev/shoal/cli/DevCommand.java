package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shoal dev}: a local server on loopback with a default database at the bare URL. */
@Command(name = "dev",
        mixinStandardHelpOptions = true,
        description = {"Start a local Shoal server for development.",
                "Listens on 127.0.0.1 only and serves a default database at the bare URL, so",
                "createClient({ url: \"http://127.0.0.1:8080\" }) works with no other step."},
        footer = {"", "Examples:", "  shoal dev", "  shoal dev --port 9000 --data-dir /tmp/shoal-data"})
final class DevCommand implements Callable<Integer> {
    private final CliEnv env;

    @Option(names = {"-p", "--port"}, defaultValue = "8080",
            description = "Port to listen on (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-d", "--data-dir"}, defaultValue = ".shoal",
            description = "Where databases and the catalog are kept. Default: ./${DEFAULT-VALUE} "
                    + "(relative to the current directory); data persists across restarts.")
    Path dataDir;

    @Option(names = "--auth", description = "Require tokens on every request, as `shoal serve` does.")
    boolean auth;

    @Option(names = "--no-login", description = "Do not log the shoal CLI in to this server.")
    boolean noLogin;

    @Option(names = "--log-format", description = "Log lines on stderr: text, or json (one JSON object per line). "
            + "Default: $SHOAL_LOG_FORMAT, else text.")
    String logFormat;

    @Option(names = {"-c", "--config-path"}, description = "CLI config directory to log in (default: see `shoal auth`).")
    Path configPath;

    DevCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ServerConfig config = ServerConfig.dev(dataDir.toAbsolutePath().normalize(), port).withRequireAuth(auth);
        PrintStream out = env.out();
        LogFormat.choose(logFormat, env).apply();
        return ServerRunner.run(config, new ServerRunner.Address(false, "--port"), new PrintWriter(env.err(), true),
                server -> {
                    printBanner(out, server, config);
                    out.flush();
                });
    }

    private void printBanner(PrintStream out, ShoalServer server, ServerConfig config) {
        String url = server.url();
        out.println("Shoal dev server listening on " + url);
        out.println();
        out.println("  Default database:  " + url + "   (createClient({ url: \"" + url + "\" }))");
        out.println("  Other databases:   " + url + "/db/" + config.firstUser() + "/<name>/");
        out.println("  Platform API:      " + url + "/v1/organizations/" + config.firstUser() + "/databases");
        out.println("  Data directory:    " + config.storage().dataDir());
        if (!noLogin) {
            Path dir = CliConfig.directory(Optional.ofNullable(configPath), env);
            new CliConfig(Optional.of(url), Optional.of(server.mintFirstUserToken("shoal-dev")),
                    Optional.of(config.firstUser())).save(dir);
            out.println("  CLI:               logged in as " + config.firstUser() + " (" + dir.resolve("settings.json") + ")");
        }
        out.println();
        out.println(auth ? "Tokens required (--auth). Press Ctrl-C to stop."
                : "No token needed in dev mode (loopback only); tokens that are sent are checked. Press Ctrl-C to stop.");
    }
}
