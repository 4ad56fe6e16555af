package dev.shoal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.account.AccountService;
import dev.shoal.core.apitoken.ApiTokenService;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.auth.TokenKeys;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.migration.FamilyLocks;
import dev.shoal.core.migration.SchemaCommits;
import dev.shoal.core.migration.SchemaMigrations;
import dev.shoal.core.migration.WriteBlocks;
import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.group.GroupService;
import dev.shoal.server.console.ConsoleRoute;
import dev.shoal.server.hrana.HranaService;
import dev.shoal.server.hrana.JobsService;
import dev.shoal.server.jobs.JobViews;
import dev.shoal.server.hrana.SqlAuth;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.RequestFraming;
import dev.shoal.server.http.SqlWorkers;
import dev.shoal.server.http.TransportErrors;
import dev.shoal.server.metrics.MetricsRoute;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.platform.PlatformApi;
import dev.shoal.server.platform.PlatformAuth;
import dev.shoal.server.platform.PlatformServices;
import dev.shoal.storage.catalog.SqliteCatalog;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import dev.shoal.storage.files.DatabaseFileStore;
import dev.shoal.storage.keys.FileTokenKeys;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds storage, services and HTTP handlers by hand, starts the web
 * server, and takes everything down in reverse order on {@link #close()}. Several servers can
 * run in one JVM (tests do), each with its own data directory.
 */
public final class ShoalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShoalServer.class);
    /** Largest seed upload (a dump or a SQLite file). */
    static final long MAX_UPLOAD_BYTES = 1L << 30;

    private final ServerConfig config;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final SqliteCatalog catalog;
    private final GroupService groups;
    private final AccountService accounts;
    private final DatabaseService databases;
    private final ApiTokenService apiTokens;
    private final TokenKeys tokenKeys;
    private final DatabaseTokens databaseTokens;
    private final UsageMeter usage;
    private final DatabaseAddressing addressing;
    private final OpenDatabases open;
    private final SchemaMigrations migrations;
    private final ServerMetrics metrics;
    /** How long a schema's second migration, or a child being created, waits for the running job. */
    private static final java.time.Duration MIGRATION_WAIT = java.time.Duration.ofSeconds(60);
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(2);
    /** Request-body bytes all requests together may hold in memory at once (see HttpIo.body). */
    private static final long BODY_BUDGET_BYTES = 256L << 20;
    private Optional<String> firstApiToken = Optional.empty();
    private PlatformApi platform;
    private WebServer web;
    private volatile boolean closed;

    /** Builds storage and services; a failure part-way closes what was opened, in reverse order. */
    private ShoalServer(ServerConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        try {
            try {
                Files.createDirectories(config.storage().databasesDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + config.storage().dataDir(), e);
            }
            lockDataDir();
            metrics = new ServerMetrics();
            toClose.push(metrics);
            catalog = SqliteCatalog.open(config.storage().catalogFile());
            toClose.push(catalog);
            usage = new UsageMeter(catalog);
            toClose.push(usage::flush);
            WriteBlocks blocks = new WriteBlocks();
            FamilyLocks families = new FamilyLocks(MIGRATION_WAIT, config.migrationAnswerWait());
            SchemaCommits commits = (schemaId, version, program, sentBy) -> migrations().fanOut(schemaId, version,
                    program, sentBy);
            open = new OpenDatabases(new DatabasePaths(config.storage().databasesDir()), config.storage(), commits, blocks);
            toClose.push(open);
            metrics.watch(open);
            migrations = new SchemaMigrations(catalog, catalog.migrations(), open, blocks, families, clock,
                    ServerConfig.DEFAULT_MIGRATION_WORKERS, config.migrationAnswerWait(), metrics.migrations(blocks));
            toClose.push(migrations);
            groups = new GroupService(catalog, clock);
            accounts = new AccountService(catalog, groups, clock);
            databases = new DatabaseService(catalog, groups,
                    new DatabaseFileStore(new DatabasePaths(config.storage().databasesDir()), open), clock, families);
            apiTokens = new ApiTokenService(catalog, catalog, clock);
            tokenKeys = new FileTokenKeys(config.storage().dataDir().resolve("keys"));
            databaseTokens = new DatabaseTokens(tokenKeys, clock);
            bootstrap();
            migrations.resumeUnfinished(); // blocks the children of interrupted jobs before any request
            addressing = new DatabaseAddressing(catalog, config, this::authority);
        } catch (RuntimeException | Error e) {
            closeOpened(e);
            throw e;
        }
    }

    private SchemaMigrations migrations() {
        return migrations;
    }

    /** First start: the first user with a personal organization, and an API token written to a file. */
    private void bootstrap() {
        if (!accounts.hasUsers()) {
            accounts.createUser(config.firstUser(), "");
            String secret = apiTokens.mint(config.firstUser(), "first-token", Optional.empty(), Optional.empty(),
                    List.of()).secret();
            firstApiToken = Optional.of(secret);
            writeSecret(firstTokenFile(), secret);
        }
        if (config.defaultDatabase()
                && databases.find(config.firstUser(), ServerConfig.DEFAULT_DATABASE).isEmpty()) {
            databases.create(config.firstUser(), ServerConfig.DEFAULT_DATABASE, Optional.empty());
        }
    }

    /** The property the JDK reads once, when the first virtual thread is made, for its scheduler's carrier count. */
    public static final String CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    /**
     * Gives the virtual-thread scheduler twice as many carriers as there are cores, unless the
     * property is set already; call it before any virtual thread exists (the CLI's first step).
     * A quick read ({@code QuickReads}) pins its carrier inside SQLite, and at most one fewer than
     * all carriers may do so; with only as many carriers as cores, a two-core machine would run one
     * such read at a time and hand the next to a SQL thread, two thread wake-ups that cost more than
     * the read. The extra carriers are threads, not CPU: idle ones park (docs/decisions.md).
     */
    public static void defaultCarriers() {
        if (System.getProperty(CARRIERS_PROPERTY) == null) {
            System.setProperty(CARRIERS_PROPERTY, Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
        }
    }

    public static ShoalServer start(ServerConfig config) {
        ShoalServer s = new ShoalServer(config);
        try {
            s.startHttp();
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startHttp() {
        ObjectMapper mapper = new ObjectMapper();
        HttpIo io = new HttpIo(config.maxBodyBytes());
        SqlWorkers workers = new SqlWorkers(config.sqlThreads());
        toClose.push(workers);
        boolean open = !config.requireAuth();
        SqlAuth sqlAuth = new SqlAuth(databaseTokens, catalog, catalog, open);
        HranaService hrana = new HranaService(addressing, this.open, workers, io, mapper, config, version(), sqlAuth, usage);
        toClose.push(hrana);
        metrics.watch(hrana, workers);
        JobViews jobViews = new JobViews(catalog.migrations(), mapper, migrations);
        PlatformServices services = new PlatformServices(catalog, accounts, groups, databases, apiTokens,
                databaseTokens, tokenKeys, usage, addressing, mapper, jobViews);
        PlatformAuth platformAuth = new PlatformAuth(apiTokens, open, config::firstUser);
        platform = new PlatformApi(services, platformAuth, io, workers, config.firstUser(), config.storage().dataDir(),
                MAX_UPLOAD_BYTES);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoal-usage-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushUsage, 5, 5, TimeUnit.SECONDS);
        toClose.push(flusher::shutdownNow);
        JobsService jobs = new JobsService(addressing, sqlAuth, jobViews,
                new dev.shoal.server.jobs.JobEvents(catalog.migrations(), mapper));
        web = webServer(hrana, jobs, new MetricsRoute(metrics, platformAuth, config.firstUser()));
        if (!web.isRunning() || web.port() < 0) { // Helidon logs a failed bind and returns a stopped server
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                    + ": the address is in use or not available; choose another port or stop the other server");
        }
        log.info("Shoal {} listening on {}", version(), url());
    }

    /** Helidon's WebServer, with the framing rules of docs/hrana.md ("HTTP framing") in front of every route. */
    private WebServer webServer(HranaService hrana, JobsService jobs, MetricsRoute metricsRoute) {
        RequestFraming framing = new RequestFraming(config.readTimeout(), BODY_BUDGET_BYTES);
        toClose.push(framing);
        long payloadCeiling = Math.max(config.maxBodyBytes(), MAX_UPLOAD_BYTES); // per-route limits sit below it
        return WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // Answers are written as they are made (a cursor's chunks, heartbeats): send each at once
                // instead of holding a small write back until the previous one is acknowledged (Nagle).
                .connectionOptions(o -> o.tcpNoDelay(true))
                .maxPayloadSize(payloadCeiling)
                .errorHandling(e -> e.includeEntity(true)) // hand Helidon's safe texts to TransportErrors
                .directHandlers(TransportErrors.handlers(config.maxBodyBytes(), payloadCeiling))
                .routing(r -> r.addFilter(metrics.requests()).addFilter(framing).register(hrana).register(jobs)
                        .register(platform).register(metricsRoute)
                        .register(new ConsoleRoute()).any(ShoalServer::noSuchRoute))
                .build()
                .start();
    }

    /** Unknown routes: 404 with a JSON body both protocols' clients can show. */
    private static void noSuchRoute(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        String what = req.prologue().method().text() + " " + req.path().rawPath();
        dev.shoal.server.http.ErrorBodies.notFound(res, "no such route: " + what);
    }

    private void flushUsage() {
        try {
            usage.flush();
        } catch (RuntimeException e) {
            log.warn("flushing usage counters failed; will retry", e);
        }
    }

    public int port() {
        return web.port();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return config.publicUrl().map(u -> stripSlash(u.toString())).orElse("http://" + authority());
    }

    public DatabaseService databases() {
        return databases;
    }

    public ApiTokenService apiTokens() {
        return apiTokens;
    }

    public DatabaseAddressing addressing() {
        return addressing;
    }

    public ServerConfig config() {
        return config;
    }

    /** The Platform API routes, as registered (for the OpenAPI comparison test). */
    public List<String> platformRoutes() {
        return platform.routes();
    }

    /** The API token minted on this data directory's first start, if this start was the first. */
    public Optional<String> firstApiToken() {
        return firstApiToken;
    }

    public java.nio.file.Path firstTokenFile() {
        return config.storage().dataDir().resolve("first-api-token");
    }

    /**
     * Mints a fresh API token for the first user under {@code name}, replacing an earlier one of
     * that name (used by {@code shoal dev} to log the CLI in).
     */
    public String mintFirstUserToken(String name) {
        apiTokens.list(config.firstUser()).stream().filter(t -> t.name().equals(name)).findFirst()
                .ifPresent(t -> apiTokens.revoke(config.firstUser(), name));
        return apiTokens.mint(config.firstUser(), name, Optional.empty(), Optional.empty(), List.of()).secret();
    }

    private String authority() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return host + ":" + (web == null ? config.port() : web.port());
    }

    /**
     * Stops accepting requests, closes every stream (rolling back open transactions), waits for
     * SQL work to finish, flushes usage counters, closes database handles and the catalog.
     * Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // In-flight requests get a moment to finish; then running statements are interrupted, so a
        // tenant's runaway query cannot hold the shutdown (SIGTERM must end the process promptly).
        open.stopAfter(SHUTDOWN_GRACE);
        if (web != null) {
            web.stop();
        }
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while shutting down {}", c.getClass().getSimpleName(), e);
            }
        }
        log.info("Shoal stopped");
    }

    /** After a failed start: closes what was opened so far, newest first, keeping the cause first. */
    private void closeOpened(Throwable cause) {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void lockDataDir() {
        try {
            FileChannel ch = FileChannel.open(config.storage().dataDir().resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(ch) == null) {
                ch.close();
                throw new IllegalStateException("data directory " + config.storage().dataDir()
                        + " is in use by another Shoal process; stop it or choose another --data-dir");
            }
            toClose.push(ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + config.storage().dataDir(), e);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close(); // a channel we could not lock must not stay open
            throw e;
        }
    }

    private static void writeSecret(java.nio.file.Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data directory's own permissions protect it.
            }
            Files.writeString(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String version() {
        try (InputStream in = ShoalServer.class.getResourceAsStream("version.txt")) {
            return in == null ? "dev" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "dev";
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
