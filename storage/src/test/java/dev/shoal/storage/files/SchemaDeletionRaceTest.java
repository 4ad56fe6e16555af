package dev.shoal.storage.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.account.AccountService;
import dev.shoal.core.db.CreateDatabase;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.GroupService;
import dev.shoal.core.migration.FamilyLocks;
import dev.shoal.storage.catalog.SqliteCatalog;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import dev.shoal.storage.engine.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating a child and deleting its schema database at the same moment: the family lock orders
 * them, so either the child is born and the deletion is refused (the schema has a child), or the
 * deletion wins and the creation is refused with a 400 naming the schema — never a 500 from the
 * catalog's foreign key, never a child file left behind.
 */
class SchemaDeletionRaceTest {
    @TempDir
    Path dir;

    private SqliteCatalog catalog;
    private OpenDatabases open;
    private FamilyLocks families;
    private DatabaseService databases;

    @BeforeEach
    void setUp() {
        StorageSettings settings = StorageSettings.defaults(dir);
        catalog = SqliteCatalog.open(settings.catalogFile());
        DatabasePaths paths = new DatabasePaths(settings.databasesDir());
        open = new OpenDatabases(paths, settings);
        families = new FamilyLocks(Duration.ofSeconds(10));
        GroupService groups = new GroupService(catalog, Clock.systemUTC());
        new AccountService(catalog, groups, Clock.systemUTC()).createUser("admin", "");
        databases = new DatabaseService(catalog, groups, new DatabaseFileStore(paths, open), Clock.systemUTC(), families);
    }

    @AfterEach
    void tearDown() {
        open.close();
        catalog.close();
    }

    private static CreateDatabase child(String name, String schema) {
        return new CreateDatabase(name, Optional.empty(), false, Optional.of(schema), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void aChildWaitingForTheFamilyWhileItsSchemaIsDeletedIsRefusedCleanly() throws Exception {
        DatabaseRecord schema = databases.create("admin", new CreateDatabase("race-schema", Optional.empty(), true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        CompletableFuture<DatabaseRecord> born;
        try (FamilyLocks.Held job = families.forJob(schema.id(), schema.name())) { // a migration is running
            born = CompletableFuture.supplyAsync(() -> databases.create("admin", child("late-child", "race-schema")));
            Thread.sleep(200); // the creation has found its parent and waits for the family
            assertThat(born).isNotDone();
            catalog.deleteDatabase(schema.id()); // what a deletion right after the job would do
        }
        assertThatThrownBy(() -> born.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ShoalException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("schema database race-schema not found");
                });
        assertThat(databases.find("admin", "late-child")).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("dbs"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("no child file: only the schema database's own (its row alone was removed here)")
                    .allMatch(n -> n.startsWith(schema.id().toString()));
        }
    }

    @Test
    void deletingASchemaDatabaseWaitsForAChildBeingBorn() throws Exception {
        DatabaseRecord schema = databases.create("admin", new CreateDatabase("busy-schema", Optional.empty(), true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        CompletableFuture<DatabaseRecord> deleted;
        try (FamilyLocks.Held birth = families.forNewChild(schema.id(), schema.name())) { // a child is being copied
            deleted = CompletableFuture.supplyAsync(() -> databases.delete("admin", "busy-schema"));
            Thread.sleep(200);
            assertThat(deleted).as("the deletion waits for the birth").isNotDone();
        }
        assertThat(deleted.get(10, TimeUnit.SECONDS).name()).isEqualTo("busy-schema");
        assertThat(databases.find("admin", "busy-schema")).isEmpty();
    }
}
