package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.TokenOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Database tokens for the SQL API.",
        subcommands = {DbTokens.Create.class, DbTokens.Invalidate.class},
        footer = {"", "Examples:", "  shoal db tokens create mydb", "  shoal db tokens create mydb -e 7d --read-only",
                "  shoal db tokens create mydb --attach other-db", "  shoal db tokens invalidate mydb -y"})
public final class DbTokens {
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Mint a database token and print it.",
            footer = {"", "Examples:", "  shoal db tokens create mydb", "  shoal db tokens create mydb -e 7d --read-only",
                    "  shoal db tokens create mydb --attach other-db"})
    public static final class Create implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Mixin
        TokenOptions token;

        @Parameters(paramLabel = "<database>")
        String name;

        @Option(names = "--group", description = "Mint a token for the database's whole group instead.")
        boolean groupToken;

        public Create(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            String path;
            try {
                JsonNode db = Databases.get(s, name);
                path = groupToken ? "/groups/" + ApiClient.encode(db.path("group").asText()) + "/auth/tokens"
                        : "/databases/" + ApiClient.encode(name) + "/auth/tokens";
            } catch (RuntimeException e) {
                throw new CliException("failed to generate database token: " + e.getMessage(), e);
            }
            return token.mint(env, s, path, "failed to generate database token: ");
        }
    }

    @Command(name = "invalidate", mixinStandardHelpOptions = true,
            description = "Invalidate every database token of a database minted so far.",
            footer = {"", "Example:", "  shoal db tokens invalidate mydb -y"})
    public static final class Invalidate implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<database>")
        String name;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        public Invalidate(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            Databases.get(s, name);
            return TokenOptions.invalidate(env, s, "/databases/" + ApiClient.encode(name) + "/auth/rotate",
                    "database " + name, yes, "shoal db tokens create " + name);
        }
    }
}
