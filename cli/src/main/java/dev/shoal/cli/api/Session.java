package dev.shoal.cli.api;

import dev.shoal.cli.CliConfig;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server, token and organization a command acts with: the settings file, overridden by
 * {@code SHOAL_URL} / {@code SHOAL_API_TOKEN}.
 */
public record Session(URI url, String token, String organization, Path configDir) {
    public static final String NOT_LOGGED_IN =
            "You are not logged in, please login with shoal auth login before running other commands.";

    public static Session require(CliEnv env, Optional<Path> configPath) {
        Path dir = CliConfig.directory(configPath, env);
        CliConfig cfg = CliConfig.load(dir);
        Optional<String> url = env.variable("SHOAL_URL").or(cfg::url);
        Optional<String> token = env.variable("SHOAL_API_TOKEN").or(cfg::token);
        if (url.isEmpty() || token.isEmpty()) {
            throw new CliException(NOT_LOGGED_IN);
        }
        URI base = baseUri(url.get());
        ApiClient client = new ApiClient(base, token);
        String org = cfg.organization().orElseGet(() -> client.get("/v1/current-user").path("user").path("username").asText());
        return new Session(base, token.get(), org, dir);
    }

    public ApiClient client() {
        return new ApiClient(url, Optional.of(token));
    }

    /** {@code /v1/organizations/<org>} + rest. */
    public String orgPath(String rest) {
        return "/v1/organizations/" + ApiClient.encode(organization) + rest;
    }

    public static URI baseUri(String url) {
        try {
            URI u = URI.create(url.endsWith("/") ? url : url + "/");
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid server URL `" + url + "`: use http://host:port or https://host");
        }
    }
}
