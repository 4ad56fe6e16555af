package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.testkit.HranaClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server rolls back open transactions and leaves every database intact for the next start. */
class ShutdownTest {
    @TempDir
    Path dataDir;

    @Test
    void uncommittedTransactionIsRolledBackOnCloseAndDatabasesStayIntact() {
        try (TestServer first = TestServer.start(dataDir)) {
            HranaClient def = first.hrana;
            HranaClient created = first.createDatabase("survivor");
            for (HranaClient db : List.of(def, created)) {
                db.executeOnce("CREATE TABLE t(x TEXT)");
                db.executeOnce("INSERT INTO t VALUES ('committed')");
                HranaClient.Stream open = db.stream();
                open.execute("BEGIN IMMEDIATE");
                open.execute("INSERT INTO t VALUES ('uncommitted')");
                open.execute("CREATE TABLE half_done(y)");
                // Left open on purpose: the server is closed underneath it.
            }
            first.close();
            first.close(); // closing twice is harmless
        }

        try (TestServer second = TestServer.start(dataDir)) {
            HranaClient def = second.hrana;
            HranaClient created = second.database("survivor");
            for (HranaClient db : List.of(def, created)) {
                assertThat(db.query("SELECT x FROM t")).containsExactly(List.of("committed"));
                assertThat(db.query("SELECT name FROM sqlite_master WHERE name = 'half_done'")).isEmpty();
                assertThat(db.query("PRAGMA integrity_check")).containsExactly(List.of("ok"));
                // Writable again straight away: no lock or journal was left behind.
                db.executeOnce("INSERT INTO t VALUES ('after restart')");
                assertThat(db.queryValue("SELECT count(*) FROM t")).isEqualTo(2L);
            }
            assertThat(second.platform.get("survivor").status()).isEqualTo(200);
        }
    }

    @Test
    void secondServerOnTheSameDataDirectoryIsRefusedWhileTheFirstRuns() {
        try (TestServer first = TestServer.start(dataDir)) {
            // Same JVM or another process: the documented refusal, naming the directory.
            assertThatThrownBy(() -> TestServer.start(dataDir).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use")
                    .hasMessageContaining(dataDir.toString());
            Checks.assertStillServes(first.hrana);
        }
    }
}
