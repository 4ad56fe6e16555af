package dev.shoal.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.account.Organization;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.group.Group;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A child database is linked to its schema database by id: in a new catalog, and in a catalog
 * written by a version that linked them by name (V2), which is upgraded in place. Two
 * organizations with a schema database of the same name are the case a name link gets wrong.
 */
class ChildLinkTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aV2CatalogIsUpgradedWithEveryChildLinkedToItsOwnOrganizationsSchemaById() throws SQLException {
        Path file = dir.resolve("catalog.db");
        UUID acmeSchema = UUID.randomUUID();
        UUID otherSchema = UUID.randomUUID();
        UUID acmeWs1 = UUID.randomUUID();
        UUID acmeWs2 = UUID.randomUUID();
        UUID otherWs1 = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        try (Connection conn = raw(file)) {
            CatalogMigrations.apply(conn, 2);
            v2Organization(conn, "acme");
            v2Organization(conn, "other");
            v2Database(conn, acmeSchema, "acme", "slack-schema", "SCHEMA", null);
            v2Database(conn, acmeWs1, "acme", "ws1", "CHILD", "slack-schema");
            v2Database(conn, acmeWs2, "acme", "ws2", "CHILD", "slack-schema");
            v2Database(conn, plain, "acme", "plain", "REGULAR", null);
            v2Database(conn, otherSchema, "other", "slack-schema", "SCHEMA", null);
            v2Database(conn, otherWs1, "other", "ws1", "CHILD", "slack-schema");
        }

        try (SqliteCatalog c = SqliteCatalog.open(file)) {
            assertLinked(c.findDatabase(acmeWs1).orElseThrow(), acmeSchema);
            assertLinked(c.findDatabase("acme", "ws2").orElseThrow(), acmeSchema);
            assertLinked(c.findDatabase("other", "ws1").orElseThrow(), otherSchema);
            for (UUID unlinked : List.of(acmeSchema, otherSchema, plain)) {
                DatabaseRecord d = c.findDatabase(unlinked).orElseThrow();
                assertThat(d.parentId()).as(d.name()).isEmpty();
                assertThat(d.parentName()).as(d.name()).isEmpty();
            }
            assertThat(children(c, "acme", acmeSchema)).containsExactly("ws1", "ws2");
            assertThat(children(c, "other", otherSchema)).containsExactly("ws1");
        }

        try (Connection conn = raw(file)) {
            assertThat(columns(conn)).contains("parent_id").doesNotContain("parent");
            assertThat(single(conn, "SELECT max(version) FROM schema_history"))
                    .isEqualTo(String.valueOf(CatalogMigrations.SCRIPTS.size()));
            assertThat(single(conn, "SELECT count(*) FROM pragma_foreign_key_check('databases')")).isEqualTo("0");
        }
    }

    @Test
    void childrenAreStoredAndListedByTheirSchemaDatabasesIdNotItsName() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            organization(c, "acme");
            organization(c, "other");
            DatabaseRecord acme = schema(c, "acme", "slack-schema");
            DatabaseRecord other = schema(c, "other", "slack-schema");
            DatabaseRecord ws1 = child(c, "acme", "ws1", acme);
            child(c, "acme", "ws2", acme);
            child(c, "other", "ws1", other);
            child(c, "other", "ws3", other);
            c.insertDatabase(DatabaseRecord.create(UUID.randomUUID(), "plain", "acme", "default", T));

            DatabaseRecord back = c.findDatabase("acme", "ws1").orElseThrow();
            assertThat(back).isEqualTo(ws1);
            assertLinked(back, acme.id());
            assertThat(children(c, "acme", acme.id())).containsExactly("ws1", "ws2");
            assertThat(children(c, "other", other.id())).containsExactly("ws1", "ws3");
            assertThat(children(c, "acme", other.id())).as("another organization's schema database").isEmpty();
        }
    }

    @Test
    void theCatalogRefusesAChildOfADatabaseThatDoesNotExist() {
        try (SqliteCatalog c = SqliteCatalog.open(dir.resolve("catalog.db"))) {
            organization(c, "acme");
            DatabaseRecord ghost = DatabaseRecord.create(UUID.randomUUID(), "ghost", "acme", "default", T).asSchema();
            assertThatThrownBy(() -> child(c, "acme", "ws1", ghost)).hasMessageContaining("FOREIGN KEY");
            assertThat(c.findDatabase("acme", "ws1")).isEmpty();
        }
    }

    private static void assertLinked(DatabaseRecord child, UUID schemaId) {
        assertThat(child.kind()).isEqualTo(DatabaseKind.CHILD);
        assertThat(child.parentId()).as(child.name()).contains(schemaId);
        assertThat(child.parentName()).as(child.name()).contains("slack-schema");
    }

    private static List<String> children(SqliteCatalog c, String org, UUID schemaId) {
        return c.listDatabases(org, DatabaseQuery.all().childrenOf(schemaId)).stream().map(DatabaseRecord::name)
                .toList();
    }

    private static void organization(SqliteCatalog c, String slug) {
        c.insertOrganization(new Organization(UUID.randomUUID(), slug, slug, false, false, T));
        c.insertGroup(new Group(UUID.randomUUID(), slug, "default", "local", false, T));
    }

    private static DatabaseRecord schema(SqliteCatalog c, String org, String name) {
        DatabaseRecord d = DatabaseRecord.create(UUID.randomUUID(), name, org, "default", T).asSchema();
        c.insertDatabase(d);
        return d;
    }

    private static DatabaseRecord child(SqliteCatalog c, String org, String name, DatabaseRecord schema) {
        DatabaseRecord d = DatabaseRecord.create(UUID.randomUUID(), name, org, "default", T).asChildOf(schema);
        c.insertDatabase(d);
        return d;
    }

    private static Connection raw(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Rows as a V2 catalog held them: a child's parent by name. */
    private static void v2Organization(Connection conn, String slug) throws SQLException {
        exec(conn, "INSERT INTO organizations(slug, id, name, type, created_at) VALUES (?, ?, ?, 'team', ?)",
                slug, UUID.randomUUID().toString(), slug, T.toString());
        exec(conn, "INSERT INTO groups(organization, name, id, location, created_at) VALUES (?, 'default', ?, 'local', ?)",
                slug, UUID.randomUUID().toString(), T.toString());
    }

    private static void v2Database(Connection conn, UUID id, String org, String name, String kind, String parent)
            throws SQLException {
        exec(conn, "INSERT INTO databases(id, organization, name, group_name, kind, parent, created_at) "
                + "VALUES (?, ?, ?, 'default', ?, ?, ?)", id.toString(), org, name, kind, parent, T.toString());
    }

    private static void exec(Connection conn, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static List<String> columns(Connection conn) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(databases)")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    private static String single(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
