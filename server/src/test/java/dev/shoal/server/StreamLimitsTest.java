package dev.shoal.server;

import static dev.shoal.server.Checks.assertHranaError;
import static dev.shoal.server.Checks.assertStillServes;
import static dev.shoal.server.Checks.assertStmtError;
import static dev.shoal.testkit.Hrana.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.HranaClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream limits over HTTP: clear BUSY errors naming the limit, and room again once streams close. */
class StreamLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void anOrganizationWithTooManyOpenStreamsGets429NamingTheLimit() {
        try (TestServer server = TestServer.start(dataDir, c -> c.withStreamLimits(100, 2, 100))) {
            HranaClient.Stream a = server.hrana.stream();
            HranaClient.Stream b = server.hrana.stream();
            a.execute("SELECT 1");
            b.execute("SELECT 1");

            JsonNode error = assertHranaError(server.hrana.v2(null, execute("SELECT 1")), 429, "BUSY");
            assertThat(error.path("message").asText())
                    .isEqualTo("too many open streams for organization admin (limit 2); close idle streams");

            a.close();
            assertStillServes(server.hrana);
            b.close();
        }
    }

    @Test
    void streamsBeyondTheConnectionLimitGetBusyUntilOneCloses() {
        try (TestServer server = TestServer.start(dataDir, c -> c.withStreamLimits(100, 100, 1))) {
            HranaClient.Stream holder = server.hrana.stream();
            holder.execute("BEGIN");
            holder.execute("SELECT 1");

            HranaClient.Stream other = server.hrana.stream();
            JsonNode error = other.executeError("SELECT 1");
            assertStmtError(error, "BUSY");
            assertThat(error.path("message").asText()).contains("(limit 1)").contains("close idle streams");

            holder.execute("COMMIT");
            holder.close();
            assertThat(other.queryValue("SELECT 42")).isEqualTo(42L);
            other.close();
        }
    }
}
