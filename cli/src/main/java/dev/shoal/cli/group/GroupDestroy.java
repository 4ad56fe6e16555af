package dev.shoal.cli.group;

import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Durations;
import dev.shoal.cli.output.Prompts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Destroy a group and all its databases.",
        footer = {"", "Example:", "  shoal group destroy eu --yes"})
public final class GroupDestroy implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public GroupDestroy(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        String path = s.orgPath("/groups/" + ApiClient.encode(name));
        s.client().get(path);
        if (!yes) {
            env.out().println("Group " + name + ", all its replicas and databases will be destroyed.");
            if (!Prompts.confirm(env, "Are you sure you want to do this?")) {
                env.out().println("Group destruction avoided.");
                return 0;
            }
        }
        long start = System.nanoTime();
        s.client().delete(path);
        env.out().println("Destroyed group " + name + " in " + Durations.since(start) + ".");
        return 0;
    }
}
