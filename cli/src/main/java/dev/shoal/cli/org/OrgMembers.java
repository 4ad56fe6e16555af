package dev.shoal.cli.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "members", mixinStandardHelpOptions = true, description = "Members of the current organization.",
        subcommands = {OrgMembers.ListMembers.class, OrgMembers.Add.class, OrgMembers.Remove.class},
        footer = {"", "Examples:", "  shoal org members list", "  shoal org members add ann --admin",
                "  shoal org members rm ann"})
public final class OrgMembers {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List members and their roles.",
            footer = {"", "Example:", "  shoal org members list"})
    public static final class ListMembers implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        public ListMembers(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            Table t = new Table("USERNAME", "ROLE", "EMAIL");
            for (JsonNode m : s.client().get(s.orgPath("/members")).path("members")) {
                t.row(m.path("username").asText(), m.path("role").asText(), m.path("email").asText());
            }
            t.print(env.out());
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an existing user to the organization.",
            footer = {"", "Examples:", "  shoal org members add ann", "  shoal org members add ann --admin"})
    public static final class Add implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<username>")
        String username;

        @Option(names = {"-a", "--admin"}, description = "Make the user an admin (default: member).")
        boolean admin;

        public Add(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            s.client().post(s.orgPath("/members"), JsonNodeFactory.instance.objectNode().put("username", username)
                    .put("role", admin ? "admin" : "member"));
            env.out().println("User " + username + " added to organization " + s.organization() + ".");
            return 0;
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove a member.",
            footer = {"", "Example:", "  shoal org members rm ann"})
    public static final class Remove implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<username>")
        String username;

        public Remove(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            s.client().delete(s.orgPath("/members/" + ApiClient.encode(username)));
            env.out().println("User " + username + " removed from organization " + s.organization() + ".");
            return 0;
        }
    }
}
