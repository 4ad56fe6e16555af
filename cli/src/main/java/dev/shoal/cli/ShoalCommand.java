package dev.shoal.cli;

import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shoal} command: the root of every subcommand. */
@Command(name = "shoal",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Shoal: many SQLite databases behind one server, compatible with libSQL clients.",
        subcommands = {DevCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  shoal dev                 start a local server on http://127.0.0.1:8080",
                "  shoal dev --port 9000     on another port"})
public final class ShoalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the given output streams (tests pass their own). */
    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ShoalCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("Error: " + ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(create(out, err).execute(args));
    }
}
