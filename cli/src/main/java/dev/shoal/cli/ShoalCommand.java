package dev.shoal.cli;

import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.auth.AuthCommand;
import dev.shoal.cli.db.DbCommand;
import dev.shoal.cli.group.GroupCommand;
import dev.shoal.cli.org.OrgCommand;
import dev.shoal.server.ShoalServer;
import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shoal} command: the root of every subcommand. */
@Command(name = "shoal",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Shoal: many SQLite databases behind one server, compatible with libSQL clients.",
        subcommands = {DevCommand.class, ServeCommand.class, AuthCommand.class, OrgCommand.class, DbCommand.class,
                GroupCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  shoal dev                    local server on http://127.0.0.1:8080",
                "  shoal db create mydb         create a database", "  shoal db shell mydb          open a SQL shell",
                "  shoal db tokens create mydb  a token for @libsql/client"})
public final class ShoalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line around an environment (tests pass their own streams). */
    public static CommandLine create(CliEnv env) {
        CommandLine cl = new CommandLine(ShoalCommand.class, new CommandFactory(env));
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex.getCommandLine(), ex));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CliException c && c.isUsage()) {
                return usageError(cmd, c);
            }
            cmd.getErr().println("Error: " + failure(ex));
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    /**
     * The command line is wrong (unknown command or option, missing or malformed argument): the
     * problem, picocli's "did you mean" when it has one, and where the usage is; exit code 2.
     */
    private static int usageError(CommandLine cmd, Exception ex) {
        PrintWriter err = cmd.getErr();
        err.println("Error: " + ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The text after {@code Error: } for a failure while the command ran. */
    private static String failure(Exception ex) {
        if (ex instanceof ApiClient.ApiError api && api.status() == 401) {
            return "the server did not accept the API token (" + api.getMessage() + "); log in again with "
                    + "shoal auth login, or check SHOAL_API_TOKEN";
        }
        if (ex.getMessage() == null || ex.getMessage().isBlank()) {
            return "unexpected " + ex.getClass().getName() + " (a bug in shoal; please report it)";
        }
        return ex.getMessage();
    }

    public static void main(String[] args) {
        ShoalServer.defaultCarriers(); // first: before any virtual thread exists
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(create(CliEnv.system()).execute(args));
    }
}
