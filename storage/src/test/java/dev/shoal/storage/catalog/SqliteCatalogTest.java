package dev.shoal.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.db.DatabaseKind;
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
        return new DatabaseRecord(UUID.randomUUID(), name, "acme", "default", DatabaseKind.REGULAR, Optional.empty(),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void recordsSurviveReopeningAndMigrationsRunOnce() {
        DatabaseRecord a = db("alpha");
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            c.ensureOrganization("acme", "Acme");
            c.ensureGroup("acme", "default");
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
            c.ensureOrganization("acme", "Acme");
            c.ensureGroup("acme", "default");
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
            c.ensureOrganization("acme", "Acme");
            c.ensureGroup("acme", "default");
            DatabaseRecord b = db("bravo");
            c.insertDatabase(b);
            c.insertDatabase(db("alpha"));
            assertThat(c.listDatabases("acme")).extracting(DatabaseRecord::name).containsExactly("alpha", "bravo");
            assertThat(c.deleteDatabase(b.id())).isTrue();
            assertThat(c.deleteDatabase(b.id())).isFalse();
            c.insertDatabase(db("bravo"));
            assertThat(c.listDatabases("acme")).hasSize(2);
        }
    }

    @Test
    void ensureIsIdempotent() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            c.ensureOrganization("acme", "Acme");
            c.ensureOrganization("acme", "Other name");
            c.ensureGroup("acme", "default");
            c.ensureGroup("acme", "default");
            assertThat(c.organizationExists("acme")).isTrue();
            assertThat(c.groupExists("acme", "default")).isTrue();
            assertThat(c.groupExists("acme", "other")).isFalse();
            assertThat(c.organizationExists("nope")).isFalse();
        }
    }
}
