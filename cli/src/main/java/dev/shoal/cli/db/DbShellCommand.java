package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliConfig;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.shell.Shell;
import dev.shoal.cli.shell.ShellTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", mixinStandardHelpOptions = true, description = {"Open a SQL shell on a database, or run SQL once.",
        "The database is a name on the server you are logged in to, or a URL (http://, https://, libsql://);",
        "a URL may carry its token as ?authToken=… or ?jwt=…. Piped input runs once: shoal db shell db < dump.sql"},
        footer = {"", "Examples:", "  shoal db shell mydb", "  shoal db shell mydb \"SELECT count(*) FROM users\"",
                "  shoal db shell mydb .dump > dump.sql",
                "  shoal db shell catalogue --attach user1 \"ATTACH user1 AS u; SELECT * FROM u.prefs\"", "  shoal db shell http://127.0.0.1:8080/db/admin/mydb/ .tables"})
public final class DbShellCommand implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(index = "0", paramLabel = "<name|url>")
    String database;

    @Parameters(index = "1", arity = "0..1", paramLabel = "[sql]", description = "SQL and dot-commands to run once.")
    String sql;

    @Option(names = "--attach", split = ",", paramLabel = "<db>",
            description = "Databases this shell may ATTACH read-only (comma list, repeatable); its token carries the right.")
    List<String> attach = new ArrayList<>();

    public DbShellCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ShellTarget target = database.contains("://") ? byUrl(database) : byName(options.require(env), database);
        return Shell.run(target, Optional.ofNullable(sql), env, CliConfig.historyFile(options.configPath(), env));
    }

    private ShellTarget byName(Session s, String name) {
        JsonNode db = Databases.get(s, name);
        String token = mint(s, name, attach);
        return new ShellTarget(URI.create(Databases.httpUrl(s, db)), Optional.of(token), name, Databases.libsqlUrl(s, db),
                Databases.kind(db).equals("schema"));
    }

    /** A two-day full-access token for the shell, with the right to ATTACH {@code attach} (turso's shell does the same). */
    private static String mint(Session s, String name, List<String> attach) {
        var body = JsonNodeFactory.instance.objectNode();
        if (!attach.isEmpty()) {
            var dbs = body.putObject("permissions").putObject("read_attach").putArray("databases");
            attach.forEach(dbs::add);
        }
        try {
            return s.client().post(s.orgPath("/databases/" + ApiClient.encode(name) + "/auth/tokens?expiration=2d"
                    + "&authorization=full-access"), body).path("jwt").asText();
        } catch (ApiClient.ApiError e) {
            if (attach.isEmpty() || e.status() == 401) {
                throw e;
            }
            throw new CliException("failed to generate database token: " + e.getMessage(), e); // e.g. an unknown --attach name
        }
    }

    /**
     * A URL: its token from {@code authToken}/{@code auth_token}/{@code jwt}; else, when it points
     * at a database of the server the CLI is logged in to, a token minted for it automatically.
     */
    private ShellTarget byUrl(String raw) {
        URI u;
        try {
            u = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid database URL `" + raw + "`");
        }
        List<String> params = new ArrayList<>();
        Optional<String> token = Optional.empty();
        boolean tls = true;
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                String key = p[0];
                String value = p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
                switch (key) {
                    case "authToken", "auth_token", "jwt" -> {
                        if (token.isPresent()) {
                            throw new CliException("give the token once: authToken, auth_token or jwt");
                        }
                        token = Optional.of(value);
                    }
                    case "tls" -> tls = !value.equals("0");
                    default -> params.add(kv);
                }
            }
        }
        String scheme = switch (u.getScheme()) {
            case "http", "https" -> u.getScheme();
            case "libsql" -> tls ? "https" : "http";
            default -> throw new CliException("unsupported URL scheme `" + u.getScheme() + "`: use http, https or libsql");
        };
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        URI url = URI.create(scheme + "://" + u.getRawAuthority() + path);
        if (token.isEmpty()) {
            token = tokenFromLogin(url);
        }
        String display = path.matches("/db/[^/]+/[^/]+/") ? path.split("/")[3] : u.getRawAuthority();
        return new ShellTarget(url, token, display, raw);
    }

    /** When the URL is on the server we are logged in to, mint a token for the database it names. */
    private Optional<String> tokenFromLogin(URI url) {
        Session s;
        try {
            s = options.require(env);
        } catch (CliException notLoggedIn) {
            return Optional.empty();
        }
        if (!url.getRawAuthority().equals(s.url().getRawAuthority())) {
            return Optional.empty();
        }
        String[] parts = url.getRawPath().split("/");
        if (parts.length >= 4 && parts[1].equals("db")) {
            Session forOrg = new Session(s.url(), s.token(), parts[2], s.configDir());
            return Optional.of(mint(forOrg, parts[3], attach));
        }
        return Optional.empty();
    }
}
