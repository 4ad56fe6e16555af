package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import dev.shoal.storage.engine.StorageSettings;
import dev.shoal.storage.files.DatabaseFileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open streams per server and per organization, and the connections streams hold, are bounded. */
class StreamRegistryLimitsTest {
    private static final DatabaseRecord ACME = db("acme");
    private static final DatabaseRecord BETA = db("beta");
    private static final ConnectionOptions OPTS = ConnectionOptions.DEFAULT;

    @TempDir
    Path dir;
    private OpenDatabases databases;
    private final AtomicLong now = new AtomicLong();
    private StreamRegistry registry;

    private static DatabaseRecord db(String org) {
        return DatabaseRecord.create(UUID.randomUUID(), "notes", org, "default", Instant.now());
    }

    /** Real SQLite files for both databases; a third id has none, so connecting to it fails. */
    @BeforeEach
    void files() {
        DatabasePaths paths = new DatabasePaths(dir);
        databases = new OpenDatabases(paths, StorageSettings.defaults(dir));
        DatabaseFileStore files = new DatabaseFileStore(paths, databases);
        files.create(ACME.id());
        files.create(BETA.id());
    }

    private StreamRegistry registry(int streams, int perOrganization, int connections) {
        registry = new StreamRegistry(databases, new StreamLimits(Duration.ofSeconds(10), streams, perOrganization,
                connections), now::get, s -> { }, false);
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
        databases.close();
    }

    @Test
    void anOrganizationAtItsLimitGetsBusyNamingTheLimitWhileOthersStillOpenStreams() {
        StreamRegistry r = registry(10, 2, 10);
        HranaStream first = r.take(Optional.empty(), ACME, OPTS);
        r.release(r.take(Optional.empty(), ACME, OPTS));
        assertThatThrownBy(() -> r.take(Optional.empty(), ACME, OPTS))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                .hasMessage("too many open streams for organization acme (limit 2); close idle streams");
        assertThat(r.take(Optional.empty(), BETA, OPTS)).isNotNull();

        first.close();
        r.release(first); // a stream closed by its request is forgotten when handed back
        assertThat(r.take(Optional.empty(), ACME, OPTS)).isNotNull();
    }

    @Test
    void theServerWideLimitHolds() {
        StreamRegistry r = registry(2, 10, 10);
        HranaStream a = r.take(Optional.empty(), ACME, OPTS);
        r.take(Optional.empty(), BETA, OPTS);
        assertThatThrownBy(() -> r.take(Optional.empty(), BETA, OPTS))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                .hasMessage("too many open streams on this server (limit 2); close idle streams");
        r.discard(a);
        assertThat(r.take(Optional.empty(), BETA, OPTS)).isNotNull();
        assertThat(r.openStreams()).isEqualTo(2);
    }

    @Test
    void refusedStreamsDoNotCount() {
        StreamRegistry r = registry(3, 1, 10);
        r.take(Optional.empty(), ACME, OPTS);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> r.take(Optional.empty(), ACME, OPTS)).isInstanceOf(ShoalException.class);
        }
        r.take(Optional.empty(), BETA, OPTS);
        assertThat(r.openStreams()).isEqualTo(2);
    }

    @Test
    void streamsHoldingConnectionsAreBoundedAndReleaseThemWhenTheyEnd() {
        StreamRegistry r = registry(10, 10, 2);
        HranaStream a = r.take(Optional.empty(), ACME, OPTS);
        HranaStream b = r.take(Optional.empty(), BETA, OPTS);
        HranaStream c = r.take(Optional.empty(), BETA, OPTS);
        a.connection();
        b.connection();
        assertThatThrownBy(c::connection)
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                .hasMessage("too many streams hold a database connection (limit 2); close idle streams "
                        + "(or finish their transactions) and retry");
        assertThat(r.heldConnections()).isEqualTo(2);

        r.discard(a);
        assertThat(c.connection()).isNotNull();
        assertThat(r.heldConnections()).isEqualTo(2);
    }

    @Test
    void anExpiredStreamGivesBackItsConnectionAndItsPlace() {
        StreamRegistry r = registry(10, 1, 1);
        HranaStream a = r.take(Optional.empty(), ACME, OPTS);
        a.connection();
        r.release(a);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        r.expireIdle();
        assertThat(a.isClosed()).isTrue();
        assertThat(r.heldConnections()).isZero();
        assertThat(r.take(Optional.empty(), ACME, OPTS).connection()).isNotNull();
    }

    @Test
    void aConnectionThatFailsToOpenDoesNotKeepItsShare() {
        StreamRegistry r = registry(10, 10, 1);
        HranaStream noFile = r.take(Optional.empty(), db("acme"), OPTS);
        assertThatThrownBy(noFile::connection).isInstanceOfSatisfying(ShoalException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(r.heldConnections()).isZero();
        assertThat(r.take(Optional.empty(), ACME, OPTS).connection()).isNotNull();
    }

    @Test
    void shutdownReleasesEverything() {
        StreamRegistry r = registry(10, 10, 10);
        r.take(Optional.empty(), ACME, OPTS).connection();
        r.release(r.take(Optional.empty(), BETA, OPTS));
        r.close();
        assertThat(r.openStreams()).isZero();
        assertThat(r.heldConnections()).isZero();
    }
}
