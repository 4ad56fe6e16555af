package dev.shoal.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files, read from this package's resource folder and kept in memory once read
 * (a few dozen kilobytes). A name is looked up only if it is a plain relative path of lowercase
 * words ({@link #SAFE_NAME}): no dot segments, no backslashes, no percent signs, so no request can
 * reach a resource outside the folder, whatever the HTTP layer decoded before.
 */
final class ConsoleAssets {
    /** Segments of letters, digits and dashes, then one known extension. */
    static final Pattern SAFE_NAME = Pattern.compile("([a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\\.(html|js|css|png|svg)");
    private static final String FOLDER = "/dev/shoal/server/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    /** One file: its bytes, content type, and a strong ETag from its content. */
    record Asset(byte[] bytes, String contentType, String etag, String cacheControl) {}

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    Optional<Asset> find(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, ConsoleAssets::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, TYPES.get(ext), etag(bytes), cacheControl(ext)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console asset " + name, e);
        }
    }

    /**
     * Names are not content-hashed, so scripts, styles and the page are revalidated on every use
     * (a cheap 304 through the ETag) and a new server version is picked up at once; images change
     * rarely and may be kept for an hour.
     */
    private static String cacheControl(String ext) {
        return ext.equals("png") || ext.equals("svg") ? "public, max-age=3600" : "no-cache";
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
