package dev.shoal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.server.hrana.HranaService;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import dev.shoal.server.platform.DatabasesApi;
import dev.shoal.storage.catalog.SqliteCatalog;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import dev.shoal.storage.files.DatabaseFileStore;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds storage, services and HTTP handlers by hand, starts the web
 * server, and takes everything down in reverse order on {@link #close()}. Several servers can
 * run in one JVM (tests do), each with its own data directory.
 */
public final class ShoalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShoalServer.class);

    private final ServerConfig config;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final DatabaseService databases;
    private final DatabaseAddressing addressing;
    private final OpenDatabases open;
    private WebServer web;
    private volatile boolean closed;

    private ShoalServer(ServerConfig config) {
        this.config = config;
        try {
            Files.createDirectories(config.storage().databasesDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.storage().dataDir(), e);
        }
        lockDataDir();
        SqliteCatalog catalog = SqliteCatalog.open(config.storage().catalogFile());
        toClose.push(catalog);
        open = new OpenDatabases(new DatabasePaths(config.storage().databasesDir()), config.storage());
        toClose.push(open);
        databases = new DatabaseService(catalog, new DatabaseFileStore(
                new DatabasePaths(config.storage().databasesDir()), open), Clock.systemUTC());
        catalog.ensureOrganization(config.defaultOrganization(), config.defaultOrganization());
        catalog.ensureGroup(config.defaultOrganization(), DatabaseService.DEFAULT_GROUP);
        if (config.defaultDatabase()
                && databases.find(config.defaultOrganization(), ServerConfig.DEFAULT_DATABASE).isEmpty()) {
            databases.create(config.defaultOrganization(), ServerConfig.DEFAULT_DATABASE, Optional.empty());
        }
        addressing = new DatabaseAddressing(catalog, config, this::authority);
    }

    public static ShoalServer start(ServerConfig config) {
        ShoalServer s = new ShoalServer(config);
        try {
            s.startHttp();
        } catch (RuntimeException e) {
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
        HranaService hrana = new HranaService(addressing, open, workers, io, mapper, config, version());
        toClose.push(hrana);
        DatabasesApi databasesApi = new DatabasesApi(databases, addressing, mapper, io);
        web = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .routing(r -> r.register(hrana).register(databasesApi))
                .build()
                .start();
        log.info("Shoal {} listening on {}", version(), url());
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

    public DatabaseAddressing addressing() {
        return addressing;
    }

    public ServerConfig config() {
        return config;
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
     * SQL work to finish, closes database handles and the catalog. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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

    private void lockDataDir() {
        try {
            FileChannel ch = FileChannel.open(config.storage().dataDir().resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new IllegalStateException("data directory " + config.storage().dataDir()
                        + " is in use by another Shoal process; stop it or choose another --data-dir");
            }
            toClose.push(ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + config.storage().dataDir(), e);
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
