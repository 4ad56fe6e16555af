package dev.shoal.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.AttachRights;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.Value;
import dev.shoal.storage.files.DatabaseFileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shoal's own ATTACH on real files: read-only, by id, bounded, and gone when the stream ends. */
class AttachmentsTest {
    private static final int MAX = 3;

    @TempDir
    Path dir;

    private OpenDatabases open;
    private DatabaseFileStore files;
    private DatabasePaths paths;
    private final UUID main = UUID.randomUUID();
    private final Map<String, UUID> byName = new ConcurrentHashMap<>();
    private final Set<UUID> gone = ConcurrentHashMap.newKeySet();

    /** A fake of the server's rights: names map to ids; "forbidden" is refused like a token without the right. */
    private final AttachRights rights = new AttachRights() {
        @Override
        public AttachTarget resolve(String target) {
            if (target.equals("forbidden")) {
                throw new ShoalException(dev.shoal.core.error.ErrorCode.FORBIDDEN, "no right on forbidden");
            }
            UUID id = byName.get(target);
            if (id == null) {
                throw new ShoalException(dev.shoal.core.error.ErrorCode.NOT_FOUND, "no database " + target);
            }
            return new AttachTarget(id, target);
        }

        @Override
        public boolean exists(UUID id) {
            return !gone.contains(id);
        }
    };

    @BeforeEach
    void setUp() {
        StorageSettings settings = new StorageSettings(dir, 8, 2, Duration.ofMillis(300), "NORMAL").withMaxAttached(MAX);
        paths = new DatabasePaths(settings.databasesDir());
        open = new OpenDatabases(paths, settings);
        files = new DatabaseFileStore(paths, open);
        files.create(main);
        byName.put("self", main);
        try (SqlConnection c = open.connect(main)) {
            c.executeScript("CREATE TABLE promotions(category TEXT, discount INT);"
                    + "INSERT INTO promotions VALUES ('books', 10), ('games', 20);");
        }
        for (String name : List.of("user1", "user2", "user3", "user4")) {
            UUID id = UUID.randomUUID();
            files.create(id);
            byName.put(name, id);
            try (SqlConnection c = open.connect(id)) {
                c.executeScript("CREATE TABLE user_preferences(user_id INT, interested_category TEXT);"
                        + "INSERT INTO user_preferences VALUES (1, '" + (name.equals("user1") ? "games" : "books") + "');");
            }
        }
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private SqlConnection connect() {
        return open.connect(main, ConnectionOptions.DEFAULT.withAttach(rights));
    }

    @Test
    void attachedDatabaseJoinsWithMainAndIsReadOnly() {
        try (SqlConnection c = connect()) {
            run(c, "ATTACH \"user1\" AS userdb");
            assertThat(column(c, "SELECT category || ':' || discount FROM promotions JOIN userdb.user_preferences AS up "
                    + "ON category = up.interested_category WHERE up.user_id = 1")).containsExactly("games:20");
            for (String write : List.of("INSERT INTO userdb.user_preferences VALUES (2, 'x')",
                    "DELETE FROM userdb.user_preferences", "CREATE TABLE userdb.planted(x)", "PRAGMA userdb.user_version = 9",
                    "VACUUM userdb")) {
                assertThatThrownBy(() -> run(c, write)).as(write).isInstanceOfSatisfying(ShoalException.class,
                        e -> assertThat(e.wireCode()).isEqualTo("SQLITE_READONLY"));
            }
            run(c, "VACUUM"); // main still vacuums: its scratch slot is counted beside the attachment
            run(c, "INSERT INTO promotions VALUES ('films', 5)");
        }
        try (SqlConnection c = open.connect(byName.get("user1"))) {
            assertThat(column(c, "SELECT count(*) || '/' || (SELECT user_version FROM pragma_user_version) "
                    + "FROM user_preferences")).containsExactly("1/0");
        }
    }

    @Test
    void atMostTheServerLimitAndTheNextIsRefusedWithTheLimit() {
        try (SqlConnection c = connect()) {
            run(c, "ATTACH user1 AS a");
            run(c, "ATTACH user2 AS b");
            run(c, "ATTACH user3 AS c");
            assertThatThrownBy(() -> run(c, "ATTACH user4 AS d")).hasMessageContaining("at most 3");
            run(c, "DETACH b");
            run(c, "ATTACH user4 AS d");
            assertThat(attached(c)).containsExactly("a", "c", "d");
        }
    }

    @Test
    void selfTwiceTakenAliasesAndUnknownAreRefusedAndLeaveNothingAttached() {
        try (SqlConnection c = connect()) {
            assertThatThrownBy(() -> run(c, "ATTACH self AS s")).hasMessageContaining("cannot be attached to itself");
            run(c, "ATTACH user1 AS u");
            assertThatThrownBy(() -> run(c, "ATTACH user1 AS again")).hasMessageContaining("already attached as u");
            assertThatThrownBy(() -> run(c, "ATTACH user2 AS U")).hasMessageContaining("already in use");
            assertThatThrownBy(() -> run(c, "ATTACH nosuch AS n")).hasMessageContaining("no database nosuch");
            assertThatThrownBy(() -> run(c, "ATTACH forbidden AS f")).hasMessageContaining("no right");
            assertThatThrownBy(() -> run(c, "DETACH nothing")).hasMessageContaining("no database is attached as nothing");
            assertThat(attached(c)).containsExactly("u");
        }
    }

    @Test
    void attachInsideATransactionOutlivesItsRollbackAndDetachWaitsForItsEnd() {
        try (SqlConnection c = connect()) {
            run(c, "BEGIN");
            run(c, "ATTACH user1 AS u");
            assertThat(column(c, "SELECT count(*) FROM u.user_preferences")).containsExactly("1");
            assertThatThrownBy(() -> run(c, "DETACH u")).hasMessageContaining("locked");
            run(c, "ROLLBACK");
            assertThat(attached(c)).containsExactly("u"); // ATTACH is not transactional in SQLite
            run(c, "DETACH u");
            assertThat(attached(c)).isEmpty();
        }
    }

    @Test
    void nothingAttachedReachesTheNextStreamOnThePooledConnection() {
        for (int i = 0; i < 3; i++) {
            try (SqlConnection c = connect()) {
                assertThat(attached(c)).as("stream %d starts clean", i).isEmpty();
                assertThatThrownBy(() -> run(c, "SELECT * FROM u.user_preferences")).hasMessageContaining("no such table");
                run(c, "ATTACH user1 AS u");
                assertThat(column(c, "SELECT count(*) FROM u.user_preferences")).containsExactly("1");
            }
        }
        try (SqlConnection c = open.connect(main)) { // no attach rights at all on this stream
            assertThat(attached(c)).isEmpty();
            assertThatThrownBy(() -> run(c, "ATTACH user1 AS u")).hasMessageContaining("not allowed here");
        }
    }

    @Test
    void aTargetDeletedBeforeOrWhileAttachingIsRefused() {
        UUID user2 = byName.get("user2");
        gone.add(user2); // the catalog row is gone, the file still there: deleted while the ATTACH ran
        try (SqlConnection c = connect()) {
            assertThatThrownBy(() -> run(c, "ATTACH user2 AS u")).hasMessageContaining("is being deleted");
            assertThat(attached(c)).isEmpty();
            files.delete(byName.get("user3"));
            assertThatThrownBy(() -> run(c, "ATTACH user3 AS u")).hasMessageContaining("is being deleted");
            assertThat(Files.exists(paths.file(byName.get("user3")))).as("never recreated").isFalse();
        }
    }

    @Test
    void aTargetDeletedWhileAttachedKeepsTheStreamsViewUntilItEnds() {
        try (SqlConnection c = connect()) {
            run(c, "ATTACH user1 AS u");
            files.delete(byName.get("user1"));
            assertThat(column(c, "SELECT count(*) FROM u.user_preferences")).containsExactly("1");
        }
        for (Path p : paths.allFiles(byName.get("user1"))) {
            assertThat(Files.exists(p)).as(p.toString()).isFalse();
        }
        try (SqlConnection c = connect()) {
            assertThat(attached(c)).isEmpty();
        }
    }

    @Test
    void readOnlyTokensMayAttachForReading() {
        var readOnly = new ConnectionOptions(ConnectionOptions.Writes.READ_ONLY_TOKEN, false, OptionalLong.empty())
                .withAttach(rights);
        try (SqlConnection c = open.connect(main, readOnly)) {
            run(c, "ATTACH user1 AS u");
            assertThat(column(c, "SELECT count(*) FROM u.user_preferences")).containsExactly("1");
        }
    }

    @Test
    void uriEncodesEverythingButPlainPathCharacters() {
        assertThat(Attachments.uri(Path.of("/data/a b/x?y#z%.db"))).isEqualTo("file:/data/a%20b/x%3Fy%23z%25.db?mode=ro");
    }

    /** Attached schema names, as PRAGMA database_list shows them to the tenant (without file paths). */
    private static List<String> attached(SqlConnection c) {
        SqliteConnectionTest.Rows r = new SqliteConnectionTest.Rows();
        c.execute("PRAGMA database_list", Arguments.NONE, true, r);
        List<String> names = new ArrayList<>();
        for (Value[] row : r.rows) {
            String name = ((Value.Text) row[1]).value();
            if (!name.equals("main") && !name.equals("temp")) {
                names.add(name);
            }
            assertThat(row[2]).as("no file path is shown").isEqualTo(new Value.Text(""));
        }
        return names;
    }

    private static void run(SqlConnection c, String sql) {
        c.execute(sql, Arguments.NONE, false, new SqliteConnectionTest.Rows());
    }

    private static List<String> column(SqlConnection c, String sql) {
        SqliteConnectionTest.Rows r = new SqliteConnectionTest.Rows();
        c.execute(sql, Arguments.NONE, true, r);
        List<String> out = new ArrayList<>();
        for (Value[] row : r.rows) {
            out.add(switch (row[0]) {
                case Value.Text t -> t.value();
                case Value.Integer i -> Long.toString(i.value());
                default -> String.valueOf(row[0]);
            });
        }
        return out;
    }
}
