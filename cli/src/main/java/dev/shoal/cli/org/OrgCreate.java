package dev.shoal.cli.org;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a team organization (you become its owner).",
        footer = {"", "Example:", "  shoal org create acme"})
public final class OrgCreate implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    public OrgCreate(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        var org = options.require(env).client().post("/v1/organizations",
                JsonNodeFactory.instance.objectNode().put("name", name)).path("organization");
        env.out().println("Created organization " + org.path("slug").asText() + ". Switch to it with: shoal org switch "
                + org.path("slug").asText());
        return 0;
    }
}
