package dev.shoal.cli.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a group.",
        footer = {"", "Example:", "  shoal group show default"})
public final class GroupShow implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    public GroupShow(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        JsonNode g = s.client().get(s.orgPath("/groups/" + ApiClient.encode(name))).path("group");
        env.out().println(String.format("%-19s%s", "Locations:", g.path("primary").asText() + " (primary)"));
        env.out().println(String.format("%-19s%s", "Version:", g.path("version").asText()));
        env.out().println(String.format("%-19s%s", "Status:", "Healthy"));
        env.out().println(String.format("%-19s%s", "Delete Protection:", g.path("delete_protection").asBoolean() ? "on" : "off"));
        return 0;
    }
}
