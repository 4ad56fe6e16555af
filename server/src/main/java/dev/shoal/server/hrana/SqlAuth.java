package dev.shoal.server.hrana;

import dev.shoal.core.auth.Access;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.auth.TokenClaims;
import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.SizeLimit;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.GroupCatalog;
import dev.shoal.core.sql.ConnectionOptions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who may run SQL on a database, and how: a database token (Ed25519 JWT) is verified against the
 * database's group key and its claims enforced; without one, only an open dev server lets the
 * request through (as full access). A token that is presented is always checked, in every mode.
 */
public final class SqlAuth {
    private final DatabaseTokens tokens;
    private final GroupCatalog groups;
    private final DatabaseCatalog databases;
    private final boolean allowAnonymous;

    /** {@code databases}: where ATTACH finds its targets (see {@link StreamAttachRights}). */
    public SqlAuth(DatabaseTokens tokens, GroupCatalog groups, DatabaseCatalog databases, boolean allowAnonymous) {
        this.tokens = tokens;
        this.groups = groups;
        this.databases = databases;
        this.allowAnonymous = allowAnonymous;
    }

    ConnectionOptions authorize(Optional<String> jwt, DatabaseRecord db) {
        Access access;
        Optional<Set<UUID>> attachable = Optional.empty(); // anonymous on an open dev server: full access
        String sender = "anonymous (dev server, no token)";
        if (jwt.isEmpty()) {
            if (!allowAnonymous) {
                throw new ShoalException(ErrorCode.UNAUTHORIZED,
                        "missing auth token: send `Authorization: Bearer <database token>` (shoal db tokens create "
                                + db.name() + ")");
            }
            access = Access.FULL_ACCESS;
        } else {
            UUID groupId = groups.findGroup(db.organization(), db.group())
                    .orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND, "group of database " + db.name() + " not found"))
                    .id();
            TokenClaims claims = tokens.authorize(jwt.get(), db.id(), groupId, db.tokenGeneration());
            access = claims.access();
            attachable = Optional.of(Set.copyOf(claims.readAttach()));
            sender = claims.sender();
        }
        DatabaseConfig c = db.config();
        ConnectionOptions.Writes writes = c.blockWrites() ? ConnectionOptions.Writes.BLOCKED
                : access == Access.READ_ONLY ? ConnectionOptions.Writes.READ_ONLY_TOKEN : ConnectionOptions.Writes.ALLOWED;
        ConnectionOptions.Role role = switch (db.kind()) {
            case SCHEMA -> ConnectionOptions.Role.SCHEMA;
            case CHILD -> ConnectionOptions.Role.CHILD;
            case REGULAR -> ConnectionOptions.Role.REGULAR;
        };
        return new ConnectionOptions(writes, c.blockReads(), c.sizeLimit().map(SizeLimit::bytes)
                .orElse(java.util.OptionalLong.empty()), role, db.name(), db.parentName(),
                new StreamAttachRights(databases, db, attachable), sender);
    }
}
