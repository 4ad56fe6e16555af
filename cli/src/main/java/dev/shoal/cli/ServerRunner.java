package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a server in the foreground until the process is told to stop (Ctrl-C, SIGTERM) or the
 * running thread is interrupted, then shuts it down cleanly: streams rolled back, databases and
 * catalog closed.
 */
final class ServerRunner {
    private ServerRunner() {}

    /**
     * How the command names its listen address in errors: {@code showHost} adds the host to "port
     * N is in use", {@code flags} is what to pass instead ("--port").
     */
    record Address(boolean showHost, String flags) {}

    static int run(ServerConfig config, Address address, PrintWriter err, Consumer<ShoalServer> banner) {
        // Checked before anything is created: a busy port must leave no data directory, lock or login behind.
        Optional<String> cannotListen = bindProblem(config, address);
        if (cannotListen.isPresent()) {
            return fail(err, cannotListen.get());
        }
        ShoalServer server;
        try {
            server = ShoalServer.start(config);
        } catch (RuntimeException e) {
            return fail(err, e.getMessage());
        }
        if (server.port() < 0) {
            // the port was taken between the check and the start; the web server logged why
            server.close();
            return fail(err, "cannot listen on " + config.host() + ":" + config.port() + " (see the log above); pass "
                    + address.flags());
        }
        return serveUntilStopped(server, banner);
    }

    private static int serveUntilStopped(ShoalServer server, Consumer<ShoalServer> banner) {
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
            // the flag is clear here, so the web server can wait for its connections; set it again after
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("Error: " + message);
        err.flush();
        return 1;
    }

    /**
     * Binds the address once, as the web server will (SO_REUSEADDR, so a port whose old
     * connections linger in TIME_WAIT counts as free), and reports why that failed, if it did.
     * Port 0 always works.
     */
    static Optional<String> bindProblem(ServerConfig config, Address address) {
        if (config.port() == 0) {
            return Optional.empty();
        }
        String where = config.host() + ":" + config.port();
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(config.host(), config.port()));
            return Optional.empty();
        } catch (BindException e) {
            String reason = e.getMessage() == null ? "bind failed" : e.getMessage();
            if (reason.contains("in use")) {
                return Optional.of("port " + config.port() + (address.showHost() ? " on " + config.host() : "")
                        + " is in use (" + reason + "); pass " + address.flags());
            }
            return Optional.of("cannot listen on " + where + " (" + reason + "); pass " + address.flags());
        } catch (UnresolvedAddressException e) {
            return Optional.of("cannot listen on " + where + " (unknown host " + config.host() + "); pass "
                    + address.flags());
        } catch (IOException e) {
            return Optional.of("cannot listen on " + where + " (" + e.getMessage() + "); pass " + address.flags());
        }
    }
}
