package dev.shoal.server;

import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real Shoal server on a free port over a data directory, with clients pointed at it. */
final class TestServer implements AutoCloseable {
    final Path dataDir;
    final ShoalServer server;
    final HttpJson http = new HttpJson();
    /** Hrana client for the default database at the bare URL. */
    final HranaClient hrana;
    final PlatformClient platform;

    private TestServer(Path dataDir, ShoalServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.hrana = new HranaClient(http, server.url());
        this.platform = new PlatformClient(http, server.url(), "admin");
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, c -> c);
    }

    static TestServer start(Path dataDir, UnaryOperator<ServerConfig> tweak) {
        return new TestServer(dataDir, ShoalServer.start(tweak.apply(ServerConfig.dev(dataDir, 0))));
    }

    String url() {
        return server.url();
    }

    /** A Hrana client for a database created through the Platform API (via its Hostname). */
    HranaClient createDatabase(String name) {
        return new HranaClient(http, PlatformClient.urlOf(platform.createOk(name)));
    }

    /** A Hrana client for {@code /db/admin/<name>/}, whether or not the database exists. */
    HranaClient database(String name) {
        return new HranaClient(http, url() + "/db/admin/" + name + "/");
    }

    @Override
    public void close() {
        server.close();
    }
}
