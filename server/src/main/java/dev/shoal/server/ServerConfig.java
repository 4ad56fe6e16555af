package dev.shoal.server;

import dev.shoal.core.db.Names;
import dev.shoal.storage.engine.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a server needs to start, validated once by its constructor.
 *
 * @param host              address to bind (127.0.0.1 for {@code shoal dev})
 * @param port              port to bind; 0 picks a free one
 * @param baseDomain        when set, databases are also reachable as {@code <db>-<org>.<baseDomain>}
 *                          and that is the {@code Hostname} the Platform API reports
 * @param publicUrl         the URL clients use to reach this server, if not http://host:port
 * @param defaultDatabase   serve {@code firstUser/default} at the bare URL (dev mode)
 * @param firstUser         the user created on first start (its personal organization has the same name)
 * @param requireAuth       refuse requests without a token (always true for serve; dev with --auth)
 * @param maxBodyBytes      request bodies above this get 413
 * @param maxResponseBytes  pipeline results above this fail with RESPONSE_TOO_LARGE
 * @param streamIdleTimeout Hrana streams idle longer than this are closed and rolled back
 * @param sqlThreads        most platform threads running SQL at once
 * @param maxStreams        most Hrana streams open at once
 * @param readTimeout       longest pause while a request body is arriving; a client silent for longer
 *                          mid-body has its connection closed
 * @param maxRunningPerDatabase     most SQL requests of one database running at once (the rest wait)
 * @param maxRunningPerOrganization most SQL requests of one organization running at once
 * @param admissionWait     how long a request waits for its turn before it gets BUSY
 * @param maxStreamsPerOrganization most Hrana streams open at once on one organization's databases
 * @param maxStreamConnections      most Hrana streams holding a database connection at once (each
 *                          holds SQLite file handles outside the handle cache's bound)
 * @param migrationAnswerWait how long the request that sent a schema migration waits for the job;
 *                          past it, it is answered with the job's id and the job goes on
 */
public record ServerConfig(
        String host,
        int port,
        StorageSettings storage,
        Optional<String> baseDomain,
        Optional<URI> publicUrl,
        boolean defaultDatabase,
        String firstUser,
        boolean requireAuth,
        long maxBodyBytes,
        long maxResponseBytes,
        Duration streamIdleTimeout,
        int sqlThreads,
        int maxStreams,
        Duration readTimeout,
        int maxRunningPerDatabase,
        int maxRunningPerOrganization,
        Duration admissionWait,
        int maxStreamsPerOrganization,
        int maxStreamConnections,
        Duration migrationAnswerWait) {

    public static final String DEFAULT_DATABASE = "default";
    /** Same as the stream idle timeout: a client stalled longer would find its stream expired anyway. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Two per core: enough to keep the cores busy for one tenant, few enough to leave room for the rest. */
    public static final int DEFAULT_RUNNING_PER_DATABASE = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    public static final int DEFAULT_RUNNING_PER_ORGANIZATION = 4 * DEFAULT_RUNNING_PER_DATABASE;
    public static final int DEFAULT_MAX_STREAMS_PER_ORGANIZATION = 1_000;
    public static final int DEFAULT_MAX_STREAM_CONNECTIONS = 2_000;
    public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MIGRATION_ANSWER_WAIT = Duration.ofMinutes(5);
    /**
     * Children dry-run or migrated at once, for all jobs together: four per core, because a task
     * spends most of its time waiting for the disk (the checkpoint's fsyncs when its handle
     * closes), not on a core. Measured on 2 cores: 8 workers apply 5,000 children in 2.5 s, 4 in 3.3 s.
     */
    public static final int DEFAULT_MIGRATION_WORKERS = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size must be at least 1024 bytes");
        }
        if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
            throw new IllegalArgumentException("stream idle timeout must be positive");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("read timeout must be positive");
        }
        Names.check("user", firstUser);
        if (maxRunningPerDatabase < 1 || maxRunningPerOrganization < maxRunningPerDatabase) {
            throw new IllegalArgumentException("running SQL requests per database must be at least 1 and at most the "
                    + "per-organization limit, got " + maxRunningPerDatabase + " and " + maxRunningPerOrganization);
        }
        if (sqlThreads < 2) {
            throw new IllegalArgumentException("SQL threads must be at least 2, got " + sqlThreads);
        }
        if (maxStreams < 1 || maxStreamsPerOrganization < 1 || maxStreamConnections < 1) {
            throw new IllegalArgumentException("stream limits must be at least 1, got max streams " + maxStreams
                    + ", per organization " + maxStreamsPerOrganization + ", with a connection " + maxStreamConnections);
        }
        baseDomain.ifPresent(d -> {
            if (d.isBlank() || d.contains("/") || d.contains(":")) {
                throw new IllegalArgumentException("base domain must be a bare domain name like db.example.com, got " + d);
            }
        });
        publicUrl.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("public URL must start with http:// or https://, got " + u);
            }
        });
    }

    /** Settings with the documented defaults for read timeout, turns and stream limits. */
    public ServerConfig(String host, int port, StorageSettings storage, Optional<String> baseDomain,
            Optional<URI> publicUrl, boolean defaultDatabase, String firstUser, boolean requireAuth, long maxBodyBytes,
            long maxResponseBytes, Duration streamIdleTimeout, int sqlThreads, int maxStreams) {
        this(host, port, storage, baseDomain, publicUrl, defaultDatabase, firstUser, requireAuth, maxBodyBytes,
                maxResponseBytes, streamIdleTimeout, sqlThreads, maxStreams, DEFAULT_READ_TIMEOUT,
                DEFAULT_RUNNING_PER_DATABASE, DEFAULT_RUNNING_PER_ORGANIZATION, DEFAULT_ADMISSION_WAIT,
                DEFAULT_MAX_STREAMS_PER_ORGANIZATION, DEFAULT_MAX_STREAM_CONNECTIONS, DEFAULT_MIGRATION_ANSWER_WAIT);
    }

    /** The settings of {@code shoal dev}: loopback, a default database, the documented defaults. */
    public static ServerConfig dev(Path dataDir, int port) {
        return new ServerConfig("127.0.0.1", port, StorageSettings.defaults(dataDir), Optional.empty(), Optional.empty(),
                true, "admin", false, 8 * 1024 * 1024, 64 * 1024 * 1024, Duration.ofSeconds(10), 256, 10_000);
    }

    public ServerConfig withStreamIdleTimeout(Duration timeout) {
        return with(c -> c.streamIdleTimeout = timeout);
    }

    public ServerConfig withBaseDomain(String domain) {
        return with(c -> c.baseDomain = Optional.of(domain));
    }

    public ServerConfig withStorage(StorageSettings settings) {
        return with(c -> c.storage = settings);
    }

    public ServerConfig withAdmission(int perDatabase, int perOrganization, Duration wait) {
        return with(c -> {
            c.maxRunningPerDatabase = perDatabase;
            c.maxRunningPerOrganization = perOrganization;
            c.admissionWait = wait;
        });
    }

    public ServerConfig withRequireAuth(boolean required) {
        return with(c -> c.requireAuth = required);
    }

    public ServerConfig withReadTimeout(Duration timeout) {
        return with(c -> c.readTimeout = timeout);
    }

    public ServerConfig withSqlThreads(int threads) {
        return with(c -> c.sqlThreads = threads);
    }

    /** The same settings with other stream limits (see docs/hrana.md "Streams and batons"). */
    public ServerConfig withStreamLimits(int streams, int perOrganization, int withConnection) {
        return with(c -> {
            c.maxStreams = streams;
            c.maxStreamsPerOrganization = perOrganization;
            c.maxStreamConnections = withConnection;
        });
    }

    public ServerConfig withMigrationAnswerWait(Duration wait) {
        return with(c -> c.migrationAnswerWait = wait);
    }

    /** A copy with some settings changed (validated again by the constructor). */
    private ServerConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The settings as mutable fields, for {@link #with}: one place lists them all. */
    private static final class Copy {
        private String host;
        private int port;
        private StorageSettings storage;
        private Optional<String> baseDomain;
        private Optional<URI> publicUrl;
        private boolean defaultDatabase;
        private String firstUser;
        private boolean requireAuth;
        private long maxBodyBytes;
        private long maxResponseBytes;
        private Duration streamIdleTimeout;
        private int sqlThreads;
        private int maxStreams;
        private Duration readTimeout;
        private int maxRunningPerDatabase;
        private int maxRunningPerOrganization;
        private Duration admissionWait;
        private int maxStreamsPerOrganization;
        private int maxStreamConnections;
        private Duration migrationAnswerWait;

        Copy(ServerConfig c) {
            host = c.host;
            port = c.port;
            storage = c.storage;
            baseDomain = c.baseDomain;
            publicUrl = c.publicUrl;
            defaultDatabase = c.defaultDatabase;
            firstUser = c.firstUser;
            requireAuth = c.requireAuth;
            maxBodyBytes = c.maxBodyBytes;
            maxResponseBytes = c.maxResponseBytes;
            streamIdleTimeout = c.streamIdleTimeout;
            sqlThreads = c.sqlThreads;
            maxStreams = c.maxStreams;
            readTimeout = c.readTimeout;
            maxRunningPerDatabase = c.maxRunningPerDatabase;
            maxRunningPerOrganization = c.maxRunningPerOrganization;
            admissionWait = c.admissionWait;
            maxStreamsPerOrganization = c.maxStreamsPerOrganization;
            maxStreamConnections = c.maxStreamConnections;
            migrationAnswerWait = c.migrationAnswerWait;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, storage, baseDomain, publicUrl, defaultDatabase, firstUser,
                    requireAuth, maxBodyBytes, maxResponseBytes, streamIdleTimeout, sqlThreads, maxStreams,
                    readTimeout, maxRunningPerDatabase, maxRunningPerOrganization, admissionWait,
                    maxStreamsPerOrganization, maxStreamConnections, migrationAnswerWait);
        }
    }
}
