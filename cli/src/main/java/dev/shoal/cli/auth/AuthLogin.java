package dev.shoal.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliConfig;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.core.apitoken.ApiTokenService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a Shoal server with an API token (checked against the server).",
                "Without --token, the token is read from stdin (paste it and press Enter)."},
        footer = {"", "Examples:", "  shoal auth login --url http://127.0.0.1:8080 --token shoal_…",
                "  shoal auth login --url https://db.example.com < token.txt"})
public final class AuthLogin implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Option(names = "--url", description = "Server URL (default: the one you are logged in to, else $SHOAL_URL).")
    String url;

    @Option(names = "--token", description = "API token (default: read from stdin).")
    String token;

    public AuthLogin(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path dir = CliConfig.directory(options.configPath(), env);
        CliConfig current = CliConfig.load(dir);
        String serverUrl = Optional.ofNullable(url).or(() -> env.variable("SHOAL_URL")).or(current::url)
                .orElseThrow(() -> new CliException("which server? pass --url http://host:port"));
        String secret = Optional.ofNullable(token).orElseGet(this::readToken).trim();
        if (secret.isEmpty()) {
            throw new CliException("no token given: pass --token or paste it on stdin");
        }
        URI base = Session.baseUri(serverUrl);
        JsonNode user;
        try {
            user = new ApiClient(base, Optional.of(secret)).get("/v1/current-user").path("user");
        } catch (ApiClient.ApiError e) {
            throw new CliException("login failed: " + refusal(stripSlash(base.toString()), secret, e));
        }
        String username = user.path("username").asText();
        new CliConfig(Optional.of(stripSlash(base.toString())), Optional.of(secret), Optional.of(username)).save(dir);
        env.out().println("✔  Success! Logged in as " + username);
        return 0;
    }

    private String readToken() {
        if (env.interactive()) {
            env.out().print("Paste your API token: ");
            env.out().flush();
        }
        try {
            String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new CliException("cannot read the token from stdin", e);
        }
    }

    /**
     * Why the server refused the token, in the CLI's words: the server's 401 text for a token
     * that is not an API token at all speaks of JWT segments (Turso's wording, kept on the wire
     * for its clients), which says nothing useful to someone who pasted the wrong secret.
     */
    static String refusal(String server, String secret, ApiClient.ApiError e) {
        if (e.status() == 404) {
            return server + " has no Shoal Platform API (GET /v1/current-user answered 404); check --url";
        }
        if (e.status() != 401) {
            return e.getMessage();
        }
        String why = secret.startsWith(ApiTokenService.PREFIX) ? "it does not know this API token (unknown or revoked)"
                : "this is not a Shoal API token (those start with " + ApiTokenService.PREFIX
                        + "; a database token will not do)";
        return "the server at " + server + " did not accept the token: " + why + ". A new server writes its first "
                + "API token to <data-dir>/first-api-token; a logged-in CLI mints more with "
                + "`shoal auth api-tokens mint NAME`";
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
