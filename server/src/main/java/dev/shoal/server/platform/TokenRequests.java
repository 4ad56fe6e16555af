package dev.shoal.server.platform;

import dev.shoal.core.auth.Access;
import dev.shoal.core.auth.Expirations;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of a database- or group-token request: {@code ?expiration=&authorization=} and the
 * body's {@code permissions.read_attach.databases} (names, turned into database ids).
 */
record TokenRequests(Access access, Optional<Duration> expiration, List<UUID> readAttach) {

    static TokenRequests parse(Call c, DatabaseService databases) {
        Optional<Duration> expiration = Expirations.parse(c.query("expiration").orElse("never"));
        Access access = Access.fromAuthorization(c.query("authorization").orElse("full-access"));
        List<String> names = c.body().object("permissions").flatMap(p -> p.object("read_attach"))
                .map(a -> a.strings("databases")).orElse(List.of());
        List<UUID> ids = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            Optional<DatabaseRecord> db = databases.find(c.org(), n);
            if (db.isPresent()) {
                ids.add(db.get().id());
            } else {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "databases does not exist: " + String.join(", ", missing));
        }
        return new TokenRequests(access, expiration, ids);
    }
}
