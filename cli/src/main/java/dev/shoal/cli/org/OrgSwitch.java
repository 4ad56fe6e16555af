package dev.shoal.cli.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliConfig;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.Session;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "switch", mixinStandardHelpOptions = true, description = "Make an organization the current one.",
        footer = {"", "Example:", "  shoal org switch acme"})
public final class OrgSwitch implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<slug>")
    String slug;

    public OrgSwitch(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        boolean member = false;
        for (JsonNode o : s.client().get("/v2/organizations").path("organizations")) {
            member |= o.path("slug").asText().equals(slug);
        }
        if (!member) {
            throw new CliException("organization " + slug + " not found. List your organizations with shoal org list");
        }
        CliConfig c = CliConfig.load(s.configDir());
        new CliConfig(c.url(), c.token(), Optional.of(slug)).save(s.configDir());
        env.out().println("Current organization set to " + slug + ".");
        return 0;
    }
}
