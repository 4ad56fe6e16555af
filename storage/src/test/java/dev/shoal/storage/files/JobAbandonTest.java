package dev.shoal.storage.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.account.AccountService;
import dev.shoal.core.db.CreateDatabase;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.group.GroupService;
import dev.shoal.core.migration.FamilyLocks;
import dev.shoal.core.migration.JobStatus;
import dev.shoal.core.migration.MigrationCatalog;
import dev.shoal.core.migration.MigrationJob;
import dev.shoal.core.migration.MigrationProgram;
import dev.shoal.core.migration.MigrationStatement;
import dev.shoal.core.migration.SchemaMigrations;
import dev.shoal.core.migration.TaskOutcome;
import dev.shoal.core.migration.WriteBlocks;
import dev.shoal.core.sql.Arguments;
import dev.shoal.storage.catalog.SqliteCatalog;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import dev.shoal.storage.engine.StorageSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that stops on something other than its own outcome — here the catalog failing as the
 * first page of dry runs is recorded — ends at once with a failure saying so, and its children
 * take writes again, instead of staying write-blocked until the server restarts.
 */
class JobAbandonTest {
    @TempDir
    Path dir;

    private SqliteCatalog catalog;
    private OpenDatabases open;
    private SchemaMigrations migrations;

    @AfterEach
    void tearDown() {
        migrations.close();
        open.close();
        catalog.close();
    }

    /** The real catalog, except that recording tasks fails. */
    private record FailingTasks(MigrationCatalog real) implements MigrationCatalog {
        @Override
        public long insertJob(UUID schemaId, long version, MigrationProgram program, int children, Instant at,
                String sentBy, dev.shoal.core.migration.Rollout rollout) {
            return real.insertJob(schemaId, version, program, children, at, sentBy, rollout);
        }

        @Override
        public void markWaveDone(long jobId, Instant at) {
            real.markWaveDone(jobId, at);
        }

        @Override
        public Optional<MigrationJob> unfinishedJob(UUID schemaId) {
            return real.unfinishedJob(schemaId);
        }

        @Override
        public void updateJobStatus(long jobId, JobStatus status) {
            real.updateJobStatus(jobId, status);
        }

        @Override
        public void recordTasks(long jobId, List<TaskOutcome> tasks) {
            throw new IllegalStateException("the catalog's disk is full");
        }

        @Override
        public void finishJob(long jobId, JobStatus status, Optional<String> error, Instant at, int failed) {
            real.finishJob(jobId, status, error, at, failed);
        }

        @Override
        public List<MigrationJob> jobs(UUID schemaId) {
            return real.jobs(schemaId);
        }

        @Override
        public Optional<MigrationJob> job(long jobId) {
            return real.job(jobId);
        }

        @Override
        public List<TaskOutcome> tasks(long jobId) {
            return real.tasks(jobId);
        }

        @Override
        public List<TaskOutcome> tasks(long jobId, Optional<String> after, int limit) {
            return real.tasks(jobId, after, limit);
        }

        @Override
        public dev.shoal.core.migration.JobProgress progress(long jobId) {
            return real.progress(jobId);
        }

        @Override
        public List<TaskOutcome> failedTasks(long jobId, int limit) {
            return real.failedTasks(jobId, limit);
        }

        @Override
        public List<MigrationJob> unfinishedJobs() {
            return real.unfinishedJobs();
        }
    }

    @Test
    void aJobStoppedByTheCatalogEndsAndUnblocksItsChildren() {
        StorageSettings settings = StorageSettings.defaults(dir);
        catalog = SqliteCatalog.open(settings.catalogFile());
        DatabasePaths paths = new DatabasePaths(settings.databasesDir());
        WriteBlocks blocks = new WriteBlocks();
        open = new OpenDatabases(paths, settings);
        FamilyLocks families = new FamilyLocks(Duration.ofSeconds(10));
        GroupService groups = new GroupService(catalog, Clock.systemUTC());
        new AccountService(catalog, groups, Clock.systemUTC()).createUser("admin", "");
        DatabaseService databases = new DatabaseService(catalog, groups, new DatabaseFileStore(paths, open),
                Clock.systemUTC(), families);
        migrations = new SchemaMigrations(catalog, new FailingTasks(catalog.migrations()), open, blocks, families,
                Clock.systemUTC(), 2, Duration.ofSeconds(30), dev.shoal.core.migration.MigrationEvents.NONE);
        DatabaseRecord schema = databases.create("admin", new CreateDatabase("stop-schema", Optional.empty(), true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        List<DatabaseRecord> kids = List.of("stop-a", "stop-b").stream().map(n -> databases.create("admin",
                new CreateDatabase(n, Optional.empty(), false, Optional.of("stop-schema"), Optional.empty(),
                        Optional.empty(), Optional.empty()))).toList();

        MigrationProgram program = new MigrationProgram(List.of(new MigrationStatement("CREATE TABLE t (x)",
                Arguments.NONE)), false);
        assertThatThrownBy(() -> migrations.fanOut(schema.id(), 1, program, "test"))
                .hasMessageContaining("the catalog's disk is full");

        MigrationJob job = catalog.migrations().jobs(schema.id()).get(0);
        assertThat(job.status()).isEqualTo(JobStatus.DryRunFailure);
        assertThat(job.error()).hasValueSatisfying(e -> assertThat(e)
                .isEqualTo("the job stopped during its dry runs (nothing was changed): the catalog's disk is full"));
        for (DatabaseRecord kid : kids) {
            assertThat(blocks.blockedBy(kid.id())).as(kid.name()).isEmpty();
        }
        assertThat(catalog.migrations().unfinishedJobs()).as("nothing left for a restart").isEmpty();
    }
}
