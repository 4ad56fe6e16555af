package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST …/jobs/{id}/retry}: a job that failed while applying — one child migrated, the
 * others and the schema database not — is finished by a retry, and no database gets the data
 * migration twice. A job that did not fail while applying is refused.
 */
class MigrationRetryTest {
    @TempDir
    Path dataDir;

    @Test
    void aRunFailureIsFinishedByARetryExactlyOnce() throws Exception {
        FamilyOnDisk family = FamilyOnDisk.create(dataDir, "retry-schema", "retry-a", "retry-b", "retry-c");
        long version = family.nextVersion;
        // What a failure after good dry runs leaves: the job RunFailure, retry-a migrated, the rest not.
        long jobId = family.insertJob("RunFailure", 2,
                "migration failed on database retry-b after every dry run passed: disk I/O error");
        family.migrateByHand("retry-a");
        try (ShoalServer second = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HttpJson http = new HttpJson();
            String jobs = second.url() + "/v1/organizations/admin/databases/retry-schema/jobs/";
            HttpJson.Response r = http.post(jobs + jobId + "/retry", HttpJson.MAPPER.createObjectNode());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!http.get(jobs + jobId).json().get("status").asText().equals("RunSuccess")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(http.get(jobs + jobId).json().get("status").asText()).isEqualTo("RunSuccess");
            for (String name : List.of("retry-schema", "retry-a", "retry-b", "retry-c")) {
                HranaClient d = FamilyOnDisk.db(second, name);
                assertThat(d.query("SELECT x FROM t")).as(name).containsExactly(List.of(42L));
                assertThat(d.queryValue("PRAGMA user_version")).as(name).isEqualTo(version);
            }
            FamilyOnDisk.db(second, "retry-b").executeOnce("INSERT INTO t VALUES (1)"); // unblocked

            HttpJson.Response again = http.post(jobs + jobId + "/retry", HttpJson.MAPPER.createObjectNode());
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().get("error").asText()).isEqualTo("only a job that ended with children left "
                    + "to migrate (RunFailure, Cancelled, NeedsAttention) can be retried; job " + jobId + " is RunSuccess");
            assertThat(http.post(jobs + "999999/retry", HttpJson.MAPPER.createObjectNode()).status()).isEqualTo(404);
        }
    }
}
