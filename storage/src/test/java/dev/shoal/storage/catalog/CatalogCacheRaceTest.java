package dev.shoal.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.core.account.Organization;
import dev.shoal.core.account.User;
import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.group.Group;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lookup that read a row just before a write must not leave that row in the cache after the
 * write: the write lands while the lookup sits between its load and its store into the cache.
 */
class CatalogCacheRaceTest {
    @TempDir
    Path dir;

    /** Pauses the next lookup that reaches the cache, once, until {@link #resume} is called. */
    private final AtomicBoolean pauseNext = new AtomicBoolean();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);
    private SqliteCatalog catalog;

    private void pauseHook() {
        if (pauseNext.getAndSet(false)) {
            paused.countDown();
            await(resume);
        }
    }

    @AfterEach
    void close() {
        resume.countDown();
        if (catalog != null) {
            catalog.close();
        }
    }

    @Test
    void tokenGenerationBumpedDuringALookupIsNotLostInTheCache() throws Exception {
        catalog = SqliteCatalog.open(dir.resolve("catalog.db"), this::pauseHook);
        setUpOrg(catalog);
        DatabaseRecord db = DatabaseRecord.create(UUID.randomUUID(), "notes", "acme", "default", Instant.now());
        catalog.insertDatabase(db);

        Optional<DatabaseRecord> seen = duringLookup(() -> catalog.findDatabase(db.id()),
                () -> catalog.bumpTokenGeneration(db.id()));

        assertThat(seen.orElseThrow().tokenGeneration()).isZero(); // it read before the bump
        assertThat(catalog.findDatabase(db.id()).orElseThrow().tokenGeneration())
                .as("tokens minted before the bump must stop working").isEqualTo(1);
    }

    @Test
    void apiTokenRevokedDuringALookupIsNotLeftInTheCache() throws Exception {
        catalog = SqliteCatalog.open(dir.resolve("catalog.db"), this::pauseHook);
        setUpOrg(catalog);
        catalog.insertUser(new User("ann", "ann@example.com", Instant.now()));
        ApiToken t = new ApiToken(UUID.randomUUID(), "ci", "ann", Optional.empty(), Optional.empty(),
                EnumSet.of(Scope.READ), Instant.now());
        catalog.insertApiToken(t, "hash");

        Optional<ApiToken> seen = duringLookup(() -> catalog.findApiTokenByHash("hash"),
                () -> catalog.deleteApiToken("ann", "ci"));

        assertThat(seen).contains(t);
        assertThat(catalog.findApiTokenByHash("hash")).as("a revoked token must stop working").isEmpty();
    }

    @Test
    void aRepeatedLookupIsOneCacheHit() {
        catalog = SqliteCatalog.open(dir.resolve("catalog.db"), this::pauseHook);
        setUpOrg(catalog);
        DatabaseRecord db = DatabaseRecord.create(UUID.randomUUID(), "notes", "acme", "default", Instant.now());
        catalog.insertDatabase(db);
        catalog.findDatabase(db.id());
        pauseNext.set(true); // a second lookup must be a cache hit: it never reaches the hook
        assertThat(catalog.findDatabase(db.id())).contains(db);
        assertThat(paused.getCount()).isEqualTo(1);
        pauseNext.set(false);
    }

    /** Runs {@code lookup} on another thread and {@code write} while the lookup is paused before caching. */
    private <T> T duringLookup(Supplier<T> lookup, Runnable write) throws Exception {
        pauseNext.set(true);
        CompletableFuture<T> reader = CompletableFuture.supplyAsync(lookup);
        assertThat(paused.await(10, TimeUnit.SECONDS)).as("lookup reached the cache").isTrue();
        write.run();
        resume.countDown();
        return reader.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void setUpOrg(SqliteCatalog c) {
        c.insertOrganization(new Organization(UUID.randomUUID(), "acme", "Acme", false, false, Instant.now()));
        c.insertGroup(new Group(UUID.randomUUID(), "acme", "default", "local", false, Instant.now()));
    }
}
