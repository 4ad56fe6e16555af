package dev.shoal.server.hrana;

import java.time.Duration;

/**
 * How many Hrana streams may be open, and for how long idle.
 *
 * @param idleTimeout          a stream idle longer than this is closed and rolled back
 * @param maxStreams           streams open at once on the server
 * @param maxPerOrganization   streams open at once on the databases of one organization, so one
 *                             tenant cannot take every stream
 * @param maxConnections       streams holding a database connection at once: each holds SQLite
 *                             file handles outside the handle cache's bound, so this bounds them
 */
record StreamLimits(Duration idleTimeout, int maxStreams, int maxPerOrganization, int maxConnections) {
    StreamLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("stream idle timeout must be positive");
        }
        if (maxStreams < 1 || maxPerOrganization < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("stream limits must be at least 1, got " + maxStreams + ", "
                    + maxPerOrganization + ", " + maxConnections);
        }
    }
}
