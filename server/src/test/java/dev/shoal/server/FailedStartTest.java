package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails part-way closes what it had opened (the data-directory lock, the catalog,
 * …), so the next start on the same data directory, in the same JVM, succeeds.
 */
class FailedStartTest {
    @TempDir
    Path dataDir;

    @Test
    void aStartThatFailsAfterOpeningTheCatalogReleasesTheLockAndTheCatalog() throws IOException {
        Path tokenFile = dataDir.resolve("first-api-token");
        Files.createDirectories(tokenFile.resolve("in-the-way")); // the first token cannot be written

        assertThatThrownBy(() -> ShoalServer.start(ServerConfig.dev(dataDir, 0)))
                .hasMessageContaining("first-api-token");
        assertThat(dataDir.resolve("catalog.db-wal")).as("the catalog was closed").doesNotExist();

        Files.delete(tokenFile.resolve("in-the-way"));
        Files.delete(tokenFile);
        try (TestServer again = TestServer.start(dataDir)) {
            Checks.assertStillServes(again.hrana);
        }
    }

    @Test
    void aStartRefusingANewerCatalogReleasesTheLock() throws Exception {
        try (TestServer first = TestServer.start(dataDir)) {
            Checks.assertStillServes(first.hrana);
        }
        runOnCatalog("INSERT INTO schema_history(version, script, applied_at) VALUES (99, 'V99__future.sql', 'x')");

        assertThatThrownBy(() -> ShoalServer.start(ServerConfig.dev(dataDir, 0))).hasMessageContaining("upgrade Shoal");
        assertThat(dataDir.resolve("catalog.db-wal")).as("the catalog was closed").doesNotExist();

        runOnCatalog("DELETE FROM schema_history WHERE version = 99");
        try (TestServer again = TestServer.start(dataDir)) {
            Checks.assertStillServes(again.hrana);
        }
    }

    @Test
    void aStartWhosePortIsTakenReleasesTheDataDirectory() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ShoalServer.start(ServerConfig.dev(dataDir, taken.getLocalPort())))
                    .isInstanceOf(RuntimeException.class);
        }
        try (TestServer again = TestServer.start(dataDir)) {
            Checks.assertStillServes(again.hrana);
        }
    }

    private void runOnCatalog(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
