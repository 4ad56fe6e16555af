package dev.shoal.storage.catalog;

import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.account.Member;
import dev.shoal.core.account.Organization;
import dev.shoal.core.account.Role;
import dev.shoal.core.account.User;
import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.ApiTokenCatalog;
import dev.shoal.core.db.Catalog;
import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.group.Group;
import dev.shoal.core.group.GroupCatalog;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * The catalog in an embedded SQLite file ({@code catalog.db}), one table class per concern
 * behind the {@link Catalog} port.
 *
 * <p>The lookups every request makes (database, group, organization, membership, API token) are
 * served from a read-through cache. This process is the catalog's only writer, so every write
 * that changes such a record bumps a version counter and then clears the record's entries; a
 * lookup that raced with a write sees the bump after storing and takes its entry back (see
 * {@link #cached}).
 */
public final class SqliteCatalog implements Catalog {
    private final CatalogDb db;
    private final AtomicLong version = new AtomicLong();
    private final Cache<Object, Optional<?>> lookups = Caffeine.newBuilder().maximumSize(20_000).build();
    private final AccountCatalog accounts;
    private final GroupCatalog groups;
    private final DatabaseCatalog databases;
    private final ApiTokenCatalog apiTokens;
    private final MigrationTable migrations;
    /** Runs between a lookup's load and its store into the cache; a no-op except in tests. */
    private final Runnable beforeCaching;

    private SqliteCatalog(CatalogDb db, Runnable beforeCaching) {
        this.db = db;
        this.beforeCaching = beforeCaching;
        this.accounts = new AccountTables(db);
        this.groups = new GroupTable(db);
        this.databases = new DatabaseTable(db);
        this.apiTokens = new ApiTokenTable(db);
        this.migrations = new MigrationTable(db);
    }

    /** Migration jobs and tasks (not cached: read by the jobs API and at restart only). */
    public dev.shoal.core.migration.MigrationCatalog migrations() {
        return migrations;
    }

    public static SqliteCatalog open(Path file) {
        return open(file, () -> { });
    }

    /** A catalog whose cache calls {@code beforeCaching} after each load, so tests can interleave a write there. */
    static SqliteCatalog open(Path file, Runnable beforeCaching) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(10_000);
            Connection conn = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                CatalogMigrations.apply(conn);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(conn, e); // e.g. a catalog newer than this code: refused, and not left open
                throw e;
            }
            return new SqliteCatalog(new CatalogDb(conn), beforeCaching);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open catalog " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection conn, Exception cause) {
        try {
            conn.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // Accounts
    @Override public boolean hasUsers() { return accounts.hasUsers(); }
    @Override public Optional<User> findUser(String username) { return accounts.findUser(username); }
    @Override public void insertUser(User user) { accounts.insertUser(user); }
    @Override public Optional<Organization> findOrganization(String slug) {
        return cached(List.of("org", slug), () -> accounts.findOrganization(slug));
    }
    @Override public void insertOrganization(Organization org) { changed(() -> accounts.insertOrganization(org)); }
    @Override public void updateOrganization(Organization org) { changed(() -> accounts.updateOrganization(org)); }
    @Override public List<Organization> organizationsOf(String username) { return accounts.organizationsOf(username); }
    @Override public Optional<Role> roleOf(String org, String username) {
        return cached(List.of("role", org, username), () -> accounts.roleOf(org, username));
    }
    @Override public List<Member> members(String org) { return accounts.members(org); }
    @Override public void putMember(String org, String username, Role role) {
        changed(() -> accounts.putMember(org, username, role));
    }
    @Override public boolean removeMember(String org, String username) {
        return changed(() -> accounts.removeMember(org, username));
    }

    // Groups
    @Override public Optional<Group> findGroup(String org, String name) {
        return cached(List.of("group", org, name), () -> groups.findGroup(org, name));
    }
    @Override public Optional<Group> findGroup(UUID id) { return cached(List.of("group", id), () -> groups.findGroup(id)); }
    @Override public List<Group> listGroups(String org) { return groups.listGroups(org); }
    @Override public void insertGroup(Group group) { changed(() -> groups.insertGroup(group)); }
    @Override public void updateGroup(Group group) { changed(() -> groups.updateGroup(group)); }
    @Override public boolean deleteGroup(UUID id) { return changed(() -> groups.deleteGroup(id)); }

    // Databases
    @Override public Optional<DatabaseRecord> findDatabase(String org, String name) {
        return cached(List.of("db", org, name), () -> databases.findDatabase(org, name));
    }
    @Override public Optional<DatabaseRecord> findDatabase(UUID id) {
        return cached(List.of("db", id), () -> databases.findDatabase(id));
    }
    @Override public List<DatabaseRecord> listDatabases(String org, DatabaseQuery q) { return databases.listDatabases(org, q); }
    @Override public long countChildren(UUID schemaId) { return databases.countChildren(schemaId); }
    @Override public void insertDatabase(DatabaseRecord d) {
        changedDatabase(Optional.of(d), () -> {
            databases.insertDatabase(d);
            return null;
        });
    }
    @Override public boolean deleteDatabase(UUID id) { return changedDatabase(databases.findDatabase(id), () -> databases.deleteDatabase(id)); }
    @Override public void updateDatabaseConfig(UUID id, DatabaseConfig c) {
        changedDatabase(databases.findDatabase(id), () -> {
            databases.updateDatabaseConfig(id, c);
            return null;
        });
    }
    @Override public long bumpTokenGeneration(UUID id) {
        return changedDatabase(databases.findDatabase(id), () -> databases.bumpTokenGeneration(id));
    }
    @Override public void addUsage(UUID id, long read, long written) { databases.addUsage(id, read, written); }
    @Override public long[] usage(UUID id) { return databases.usage(id); }

    // API tokens
    @Override public void insertApiToken(ApiToken t, String hash) { changed(() -> apiTokens.insertApiToken(t, hash)); }
    @Override public Optional<ApiToken> findApiTokenByHash(String hash) {
        return cached(List.of("token", hash), () -> apiTokens.findApiTokenByHash(hash));
    }
    @Override public List<ApiToken> apiTokensOf(String username) { return apiTokens.apiTokensOf(username); }
    @Override public boolean deleteApiToken(String username, String name) {
        return changed(() -> apiTokens.deleteApiToken(username, name)); // a revoked token stops at its next use
    }

    @Override
    public void close() {
        db.close();
    }

    /**
     * A hit is one cache read. A miss loads the row and stores it, then looks at the version
     * again: a write that committed after the load bumps the version before it invalidates, so
     * either this lookup sees the bump and takes back what it stored, or its store happened
     * before the bump and the write's invalidation removes it. (Checking the version only
     * before storing left a window in which a write's invalidation ran first and the old row
     * stayed cached for good: a rotated database token or a revoked API token kept working.)
     */
    @SuppressWarnings("unchecked")
    private <T> Optional<T> cached(Object key, Supplier<Optional<T>> load) {
        Optional<?> hit = lookups.getIfPresent(key);
        if (hit != null) {
            return (Optional<T>) hit;
        }
        long before = version.get();
        Optional<T> value = load.get();
        beforeCaching.run();
        lookups.put(key, value);
        if (version.get() != before) {
            lookups.asMap().remove(key, value);
        }
        return value;
    }

    /**
     * A write to one database record forgets only that record's lookups, so creating databases
     * at a high rate keeps organization, membership and group lookups cached.
     */
    private <T> T changedDatabase(Optional<DatabaseRecord> db, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            version.incrementAndGet();
            db.ifPresent(d -> {
                lookups.invalidate(List.of("db", d.organization(), d.name()));
                lookups.invalidate(List.of("db", d.id()));
            });
        }
    }

    private void changed(Runnable write) {
        changed(() -> {
            write.run();
            return null;
        });
    }

    private <T> T changed(Supplier<T> write) {
        try {
            return write.get();
        } finally {
            version.incrementAndGet();
            lookups.invalidateAll();
        }
    }
}
