package dev.shoal.cli.group;

import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.output.TokenOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Database tokens valid for every database of a group.",
        subcommands = {GroupTokens.Create.class, GroupTokens.Invalidate.class},
        footer = {"", "Examples:", "  shoal group tokens create default", "  shoal group tokens invalidate default -y"})
public final class GroupTokens {
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Mint a group token and print it.",
            footer = {"", "Examples:", "  shoal group tokens create default", "  shoal group tokens create default -r -e 2w"})
    public static final class Create implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Mixin
        TokenOptions token;

        @Parameters(paramLabel = "<group>")
        String group;

        public Create(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return token.mint(env, options.require(env), "/groups/" + ApiClient.encode(group) + "/auth/tokens",
                    "error creating token: ");
        }
    }

    @Command(name = "invalidate", mixinStandardHelpOptions = true,
            description = "Rotate the group's keys: every token of the group stops working.",
            footer = {"", "Example:", "  shoal group tokens invalidate default -y"})
    public static final class Invalidate implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<group>")
        String group;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        public Invalidate(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return TokenOptions.invalidate(env, options.require(env), "/groups/" + ApiClient.encode(group)
                    + "/auth/rotate", "group " + group, yes, "shoal group tokens create " + group);
        }
    }
}
