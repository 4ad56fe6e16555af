package dev.shoal.cli.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List your organizations (the current one is marked).",
        footer = {"", "Example:", "  shoal org list"})
public final class OrgList implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public OrgList(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        Table t = new Table("NAME", "SLUG", "TYPE", "CURRENT");
        for (JsonNode o : s.client().get("/v2/organizations").path("organizations")) {
            String slug = o.path("slug").asText();
            t.row(o.path("name").asText(), slug, o.path("type").asText(), slug.equals(s.organization()) ? "*" : "");
        }
        t.print(env.out());
        return 0;
    }
}
