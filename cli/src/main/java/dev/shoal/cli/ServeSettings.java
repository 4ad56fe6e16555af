package dev.shoal.cli;

import dev.shoal.server.ServerConfig;
import dev.shoal.storage.engine.StorageSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The settings of {@code shoal serve}: from a config file ({@code key = value} lines, the same
 * names as the flags), overridden by flags, validated once with errors that name the setting and
 * where it came from.
 */
final class ServeSettings {
    static final Set<String> KEYS = Set.of("listen", "host", "port", "data-dir", "base-domain", "public-url",
            "first-user", "max-open-databases", "synchronous", "read-timeout", "statement-timeout", "max-value-size",
            "max-running-per-database", "max-running-per-organization", "max-attached");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origin = new LinkedHashMap<>();

    /** Reads a config file; unknown keys are errors (a typo must not be silently ignored). */
    void loadFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("config file " + file + " does not exist");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new CliException("unknown setting `" + key + "` in " + file + "; known settings: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
            put(key, p.getProperty(key).trim(), file.toString());
        }
    }

    /** A flag given on the command line wins over the file. */
    void flag(String key, String value) {
        if (value != null) {
            put(key, value, "--" + key);
        }
    }

    private void put(String key, String value, String from) {
        values.put(key, value);
        origin.put(key, from);
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    private CliException invalid(String key, String problem) {
        String message = key + " " + problem + " (from " + origin.get(key) + ")";
        // a bad flag is a usage error (exit 2); a bad line in the config file is not
        return origin.get(key).startsWith("--") ? CliException.usage(message) : new CliException(message);
    }

    ServerConfig toConfig(Path defaultDataDir) {
        String host = get("host").orElse("127.0.0.1");
        int port = get("port").map(v -> number("port", v, 0, 65535)).orElse(8080);
        if (get("listen").isPresent()) {
            String listen = get("listen").get();
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw invalid("listen", "must be host:port, e.g. 0.0.0.0:8080; got `" + listen + "`");
            }
            host = listen.substring(0, colon).replaceAll("^\\[|]$", "");
            port = number("listen", listen.substring(colon + 1), 0, 65535);
        }
        Path dataDir = get("data-dir").map(Path::of).orElse(defaultDataDir).toAbsolutePath().normalize();
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw invalid("data-dir", "`" + dataDir + "` exists and is not a directory");
        }
        String synchronous = get("synchronous").orElse("NORMAL").toUpperCase(java.util.Locale.ROOT);
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw invalid("synchronous", "must be NORMAL or FULL; got `" + values.get("synchronous") + "`");
        }
        int maxOpen = get("max-open-databases").map(v -> number("max-open-databases", v, 1, 10_000_000)).orElse(1000);
        Optional<URI> publicUrl = get("public-url").map(this::url);
        Optional<String> baseDomain = get("base-domain");
        baseDomain.ifPresent(d -> {
            if (!d.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                throw invalid("base-domain", "must be a domain name such as db.example.com; got `" + d + "`");
            }
        });
        String firstUser = get("first-user").orElse("admin");
        Duration readTimeout = get("read-timeout").map(v -> Duration.ofSeconds(number("read-timeout", v, 1, 3600)))
                .orElse(ServerConfig.DEFAULT_READ_TIMEOUT);
        Duration statementTimeout = get("statement-timeout")
                .map(v -> Duration.ofSeconds(number("statement-timeout", v, 1, 86_400)))
                .orElse(StorageSettings.DEFAULT_STATEMENT_TIMEOUT);
        int maxValue = get("max-value-size").map(this::valueSize).orElse(StorageSettings.DEFAULT_MAX_VALUE_BYTES);
        int maxAttached = get("max-attached").map(v -> number("max-attached", v, 0, StorageSettings.SQLITE_MAX_ATTACHED))
                .orElse(StorageSettings.DEFAULT_MAX_ATTACHED);
        int perDatabase = get("max-running-per-database").map(v -> number("max-running-per-database", v, 1, 256))
                .orElse(ServerConfig.DEFAULT_RUNNING_PER_DATABASE);
        int perOrganization = get("max-running-per-organization")
                .map(v -> number("max-running-per-organization", v, 1, 256))
                .orElse(Math.max(perDatabase, ServerConfig.DEFAULT_RUNNING_PER_ORGANIZATION));
        if (perOrganization < perDatabase) {
            throw invalid("max-running-per-organization", "must be at least max-running-per-database (" + perDatabase
                    + "); got " + perOrganization);
        }
        try {
            StorageSettings storage = new StorageSettings(dataDir, maxOpen, 4, Duration.ofSeconds(5), synchronous,
                    statementTimeout, maxValue, maxAttached);
            return new ServerConfig(host, port, storage, baseDomain, publicUrl, false, firstUser, true,
                    8 * 1024 * 1024, 64 * 1024 * 1024, Duration.ofSeconds(10), 256, 10_000, readTimeout,
                    perDatabase, perOrganization, ServerConfig.DEFAULT_ADMISSION_WAIT, ServerConfig.DEFAULT_MAX_STREAMS_PER_ORGANIZATION,
                    ServerConfig.DEFAULT_MAX_STREAM_CONNECTIONS, ServerConfig.DEFAULT_MIGRATION_ANSWER_WAIT);
        } catch (RuntimeException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** A size such as {@code 64mib}, {@code 16mb} or a byte count, from 1 KiB to 1 GiB. */
    private int valueSize(String v) {
        java.util.OptionalLong bytes;
        try {
            bytes = dev.shoal.core.db.SizeLimit.bytes(v);
        } catch (RuntimeException e) {
            bytes = java.util.OptionalLong.empty();
        }
        if (bytes.isEmpty() || bytes.getAsLong() < 1024 || bytes.getAsLong() > (1L << 30)) {
            throw invalid("max-value-size", "must be a size from 1kib to 1gib such as 64mib; got `" + v + "`");
        }
        return (int) bytes.getAsLong();
    }

    private URI url(String v) {
        try {
            URI u = new URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new URISyntaxException(v, "not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw invalid("public-url", "must be an http:// or https:// URL such as https://db.example.com; got `" + v + "`");
        }
    }

    private int number(String key, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "must be a number from " + min + " to " + max + "; got `" + v + "`");
    }
}
