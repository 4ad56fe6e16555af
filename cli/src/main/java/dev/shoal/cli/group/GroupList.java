package dev.shoal.cli.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the groups of the current organization.",
        footer = {"", "Example:", "  shoal group list"})
public final class GroupList implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public GroupList(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        Table t = new Table("NAME", "LOCATIONS", "VERSION", "STATUS");
        for (JsonNode g : s.client().get(s.orgPath("/groups")).path("groups")) {
            t.row(g.path("name").asText(), g.path("primary").asText() + " (primary)", g.path("version").asText(),
                    "Healthy");
        }
        t.print(env.out());
        return 0;
    }
}
