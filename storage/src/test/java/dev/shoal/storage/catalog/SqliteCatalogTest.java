package dev.shoal.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.account.Organization;
import dev.shoal.core.account.Role;
import dev.shoal.core.account.User;
import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.group.Group;
import java.util.EnumSet;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogTest {
    @TempDir
    Path dir;

    private DatabaseRecord db(String name) {
        return DatabaseRecord.create(UUID.randomUUID(), name, "acme", "default", Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void recordsSurviveReopeningAndMigrationsRunOnce() {
        DatabaseRecord a = db("alpha");
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            c.insertDatabase(a);
        }
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            assertThat(c.findDatabase("acme", "alpha")).contains(a);
            assertThat(c.findDatabase(a.id())).contains(a);
        }
    }

    @Test
    void duplicateNameInOneOrganizationIsAlreadyExists() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            c.insertDatabase(db("alpha"));
            assertThatThrownBy(() -> c.insertDatabase(db("alpha")))
                    .isInstanceOfSatisfying(ShoalException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessage("database with name alpha already exists");
        }
    }

    @Test
    void listIsOrderedByNameAndDeleteFreesTheName() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            DatabaseRecord b = db("bravo");
            c.insertDatabase(b);
            c.insertDatabase(db("alpha"));
            assertThat(c.listDatabases("acme", DatabaseQuery.all())).extracting(DatabaseRecord::name)
                    .containsExactly("alpha", "bravo");
            assertThat(c.deleteDatabase(b.id())).isTrue();
            assertThat(c.deleteDatabase(b.id())).isFalse();
            c.insertDatabase(db("bravo"));
            assertThat(c.listDatabases("acme", DatabaseQuery.all())).hasSize(2);
        }
    }

    @Test
    void duplicateOrganizationsAndGroupsAreAlreadyExists() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            assertThatThrownBy(() -> c.insertOrganization(new Organization(UUID.randomUUID(), "acme", "x", false, false,
                    Instant.now()))).hasMessage("organization acme already exists");
            assertThatThrownBy(() -> c.insertGroup(new Group(UUID.randomUUID(), "acme", "default", "local", false,
                    Instant.now()))).hasMessage("group already exists");
            assertThat(c.findGroup("acme", "default")).isPresent();
            assertThat(c.findGroup("acme", "other")).isEmpty();
            assertThat(c.findOrganization("nope")).isEmpty();
        }
    }

    @Test
    void membershipsAndApiTokensRoundTrip() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            c.insertUser(new User("ann", "ann@example.com", Instant.now()));
            c.putMember("acme", "ann", Role.ADMIN);
            assertThat(c.roleOf("acme", "ann")).contains(Role.ADMIN);
            assertThat(c.organizationsOf("ann")).extracting(Organization::slug).containsExactly("acme");
            ApiToken t = new ApiToken(UUID.randomUUID(), "ci", "ann", Optional.of("acme"), Optional.of("default"),
                    EnumSet.of(Scope.READ, Scope.DB_CREATE), Instant.parse("2026-01-01T00:00:00Z"));
            c.insertApiToken(t, "hash");
            assertThat(c.findApiTokenByHash("hash")).contains(t);
            assertThat(c.apiTokensOf("ann")).containsExactly(t);
            assertThat(c.deleteApiToken("ann", "ci")).isTrue();
            assertThat(c.findApiTokenByHash("hash")).isEmpty();
        }
    }

    @Test
    void configGenerationAndUsageAreStored() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            setUpOrg(c);
            DatabaseRecord d = db("alpha");
            c.insertDatabase(d);
            c.updateDatabaseConfig(d.id(), new DatabaseConfig(true, false, true, true, Optional.of("1mb"), dev.shoal.core.db.MigrationMode.ONLINE));
            assertThat(c.bumpTokenGeneration(d.id())).isEqualTo(1);
            c.addUsage(d.id(), 5, 2);
            DatabaseRecord back = c.findDatabase(d.id()).orElseThrow();
            assertThat(back.config()).isEqualTo(new DatabaseConfig(true, false, true, true, Optional.of("1mb"), dev.shoal.core.db.MigrationMode.ONLINE));
            assertThat(back.tokenGeneration()).isEqualTo(1);
            assertThat(c.usage(d.id())).containsExactly(5, 2);
        }
    }

    private static void setUpOrg(SqliteCatalog c) {
        c.insertOrganization(new Organization(UUID.randomUUID(), "acme", "Acme", false, false, Instant.now()));
        c.insertGroup(new Group(UUID.randomUUID(), "acme", "default", "local", false, Instant.now()));
    }
}
