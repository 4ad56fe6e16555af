package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a server in the foreground until the process is told to stop (Ctrl-C, SIGTERM), then
 * shuts it down cleanly: streams rolled back, databases and catalog closed.
 */
final class ServerRunner {
    private ServerRunner() {}

    static int run(ServerConfig config, PrintWriter err, Consumer<ShoalServer> banner) {
        ShoalServer server;
        try {
            server = ShoalServer.start(config);
        } catch (RuntimeException e) {
            err.println("Error: " + startFailure(e, config));
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shoal-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        banner.accept(server);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    private static String startFailure(RuntimeException e, ServerConfig config) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + config.host() + ":" + config.port()
                        + " (" + t.getMessage() + "); is another server running? Choose another port with --port";
            }
        }
        return e.getMessage();
    }
}
