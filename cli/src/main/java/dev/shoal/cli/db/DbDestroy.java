package dev.shoal.cli.db;

import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Durations;
import dev.shoal.cli.output.Prompts;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Destroy databases and all their data.",
        footer = {"", "Examples:", "  shoal db destroy mydb", "  shoal db destroy a b --yes"})
public final class DbDestroy implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>", arity = "1..*")
    List<String> names;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public DbDestroy(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        names.forEach(n -> Databases.get(s, n));
        if (!yes) {
            env.out().println(names.size() == 1 ? "Database " + names.get(0) + " and all its data will be destroyed."
                    : "Databases " + String.join(", ", names) + " and all their data will be destroyed.");
            if (!Prompts.confirm(env, "Are you sure you want to do this?")) {
                env.out().println("Database destruction avoided.");
                return 0;
            }
        }
        long start = System.nanoTime();
        for (String n : names) {
            s.client().delete(s.orgPath("/databases/" + ApiClient.encode(n)));
        }
        env.out().println(names.size() == 1 ? "Destroyed database " + names.get(0) + " in " + Durations.since(start) + "."
                : "Destroyed " + names.size() + " databases in " + Durations.since(start) + ".");
        return 0;
    }
}
