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
 * A job interrupted by a crash — its record in the catalog, some children migrated, the schema
 * database not — is finished at the next start, and no database gets the migration twice (a
 * data migration would show a second row).
 */
class MigrationResumeTest {
    @TempDir
    Path dataDir;

    @Test
    void anInterruptedDataMigrationFinishesOnRestartExactlyOnce() throws Exception {
        FamilyOnDisk family = FamilyOnDisk.create(dataDir, "crash-schema", "crash-a", "crash-b", "crash-c");
        long version = family.nextVersion;
        // What a crash leaves: the job recorded as applying, crash-a already migrated, the rest not.
        family.insertJob("WaitingRun", 0, null);
        family.migrateByHand("crash-a");
        try (ShoalServer second = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HranaClient schema = FamilyOnDisk.db(second, "crash-schema");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((Long) schema.queryValue("PRAGMA user_version") < version && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (String name : List.of("crash-schema", "crash-a", "crash-b", "crash-c")) {
                HranaClient d = FamilyOnDisk.db(second, name);
                assertThat(d.query("SELECT x FROM t")).as(name).containsExactly(List.of(42L));
                assertThat(d.queryValue("PRAGMA user_version")).as(name).isEqualTo(version);
            }
            assertThat(new HttpJson().get(schema.url("v1/jobs")).json().get("migrations").get(0).get("status").asText())
                    .isEqualTo("RunSuccess");
        }
    }
}
