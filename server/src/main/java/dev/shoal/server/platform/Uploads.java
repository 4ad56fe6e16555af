package dev.shoal.server.platform;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Files uploaded to seed new databases ({@code shoal db create --from-dump/--from-file}): kept in
 * {@code <data-dir>/uploads/<org>/} under a random id, named by {@code upload:<id>} in a create
 * request of the same organization, removed once used or after an hour.
 */
final class Uploads {
    static final String SCHEME = "upload:";
    private static final Duration KEEP = Duration.ofHours(1);

    private final Path dir;
    private final long maxBytes;

    Uploads(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Stores a body, refusing more than the limit; returns its {@code upload:<id>} name. */
    String store(String org, InputStream body) {
        sweep(dir.resolve(org));
        String id = UUID.randomUUID().toString();
        Path file = dir.resolve(org).resolve(id);
        try {
            Files.createDirectories(file.getParent());
            long total = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = body.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw new ShoalException(ErrorCode.BODY_TOO_LARGE, "upload is larger than the limit of "
                                + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            }
            if (total == 0) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "the upload is empty");
            }
            return SCHEME + id;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("cannot store upload", e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** The file an {@code upload:<id>} name refers to. */
    Path resolve(String org, String url) {
        if (!url.startsWith(SCHEME)) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "seed dump url must be an upload:<id> returned by "
                    + "POST …/databases/dumps; this server does not fetch remote URLs");
        }
        String id = url.substring(SCHEME.length());
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid upload id `" + id + "`");
        }
        Path file = dir.resolve(org).resolve(id);
        if (!Files.exists(file)) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "upload " + id + " not found (uploads are kept for an hour)");
        }
        return file;
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover upload is removed by the next sweep.
        }
    }

    private void sweep(Path orgDir) {
        if (!Files.isDirectory(orgDir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(KEEP);
        try (Stream<Path> files = Files.list(orgDir)) {
            files.filter(f -> modified(f).map(t -> t.isBefore(cutoff)).orElse(false)).forEach(this::delete);
        } catch (IOException e) {
            // Sweeping is housekeeping; failing it must not fail the upload.
        }
    }

    private static Optional<Instant> modified(Path f) {
        try {
            return Optional.of(Files.getLastModifiedTime(f).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
