package dev.shoal.cli.group;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Durations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.",
        footer = {"", "Example:", "  shoal group create eu"})
public final class GroupCreate implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    @Option(names = "--location", defaultValue = "local", description = "Location (this server has one: local).")
    String location;

    public GroupCreate(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        long start = System.nanoTime();
        s.client().post(s.orgPath("/groups"), JsonNodeFactory.instance.objectNode().put("name", name).put("location", location));
        env.out().println("Created group " + name + " at " + location + " in " + Durations.since(start) + ".");
        return 0;
    }
}
