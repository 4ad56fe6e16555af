package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    @Option(names = {"-c", "--config-path"}, description = "CLI config directory to log in (default: see `shoal auth`).")
    Path configPath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ServerConfig config = ServerConfig.dev(dataDir.toAbsolutePath().normalize(), port).withRequireAuth(auth);
        return ServerRunner.run(config, spec.commandLine().getErr(), server -> {
            String url = server.url();
            out.println("Shoal dev server listening on " + url);
            out.println();
            out.println("  Default database:  " + url + "   (createClient({ url: \"" + url + "\" }))");
            out.println("  Other databases:   " + url + "/db/" + config.firstUser() + "/<name>/");
            out.println("  Platform API:      " + url + "/v1/organizations/" + config.firstUser() + "/databases");
            out.println("  Data directory:    " + config.storage().dataDir());
            if (!noLogin) {
                Path dir = CliConfig.directory(java.util.Optional.ofNullable(configPath), System.getenv());
                new CliConfig(java.util.Optional.of(url), java.util.Optional.of(server.mintFirstUserToken("shoal-dev")),
                        java.util.Optional.of(config.firstUser())).save(dir);
                out.println("  CLI:               logged in as " + config.firstUser() + " (" + dir.resolve("settings.json") + ")");
            }
            out.println();
            out.println(auth ? "Tokens required (--auth). Press Ctrl-C to stop."
                    : "No token needed in dev mode (loopback only); tokens that are sent are checked. Press Ctrl-C to stop.");
            out.flush();
        });
    }
}
