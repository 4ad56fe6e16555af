package dev.shoal.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a verified database token grants.
 *
 * @param access      from claim {@code a} (absent means {@link Access#FULL_ACCESS}, as in sqld)
 * @param databaseId  claim {@code id}: present for a database token, empty for a group token
 * @param groupId     claim {@code gid}
 * @param generation  claim {@code gen} of a database token; {@link #NO_GENERATION} for a group token
 * @param readAttach  claim {@code p.roa.ns}: databases the token may {@code ATTACH} read-only
 * @param issuedAt    claim {@code iat}
 * @param expiresAt   claim {@code exp}; empty for a token that never expires
 * @param subject     claim {@code sub}: the Platform API user who minted it (tokens minted before
 *                    Shoal recorded it, and sqld's, have none)
 */
public record TokenClaims(Access access, Optional<UUID> databaseId, UUID groupId, long generation,
        List<UUID> readAttach, Instant issuedAt, Optional<Instant> expiresAt, Optional<String> subject) {

    /** Claims without a subject. */
    public TokenClaims(Access access, Optional<UUID> databaseId, UUID groupId, long generation, List<UUID> readAttach,
            Instant issuedAt, Optional<Instant> expiresAt) {
        this(access, databaseId, groupId, generation, readAttach, issuedAt, expiresAt, Optional.empty());
    }

    /** The {@link #generation} of a group token, which carries none. */
    public static final long NO_GENERATION = -1;

    public TokenClaims {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(groupId, "groupId");
        readAttach = List.copyOf(readAttach);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(subject, "subject");
    }

    /** Who sent what this token wrote, for a migration's history: its subject, else what kind of token it is. */
    public String sender() {
        return subject.orElse((isGroupToken() ? "group token" : "database token") + " issued " + issuedAt);
    }

    /** Whether this is a group token (valid for every database of its group). */
    public boolean isGroupToken() {
        return databaseId.isEmpty();
    }
}
