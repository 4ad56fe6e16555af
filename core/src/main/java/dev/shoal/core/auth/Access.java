package dev.shoal.core.auth;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Optional;

/**
 * What a database token allows. On the wire it appears twice: as the Platform API
 * {@code authorization} query parameter ({@code full-access} / {@code read-only}) and as the JWT
 * claim {@code a} ({@code rw} / {@code ro}), the values sqld understands.
 */
public enum Access {
    READ_ONLY("ro", "read-only"),
    FULL_ACCESS("rw", "full-access");

    private final String claim;
    private final String authorization;

    Access(String claim, String authorization) {
        this.claim = claim;
        this.authorization = authorization;
    }

    /** The JWT claim {@code a} value: {@code ro} or {@code rw}. */
    public String claim() {
        return claim;
    }

    /** The Platform API {@code authorization} value: {@code read-only} or {@code full-access}. */
    public String authorization() {
        return authorization;
    }

    /**
     * Parses the Platform API {@code authorization} query parameter: {@code full-access} (also the
     * default when absent or blank) or {@code read-only}.
     */
    public static Access fromAuthorization(String s) {
        if (s == null || s.isBlank()) {
            return FULL_ACCESS;
        }
        String v = s.strip();
        for (Access a : values()) {
            if (a.authorization.equals(v)) {
                return a;
            }
        }
        throw new ShoalException(ErrorCode.INVALID_REQUEST,
                "invalid authorization: " + s + "; use full-access or read-only");
    }

    /** The access a JWT claim {@code a} value names, or empty if it is neither {@code ro} nor {@code rw}. */
    public static Optional<Access> fromClaim(String claim) {
        for (Access a : values()) {
            if (a.claim.equals(claim)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
