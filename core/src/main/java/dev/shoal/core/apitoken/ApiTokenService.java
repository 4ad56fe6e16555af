package dev.shoal.core.apitoken;

import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.db.Names;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Minting, listing, revoking and checking Platform API tokens. Secrets are 256 random bits shown
 * once; the catalog keeps only their SHA-256, so a revoked token stops working at its next use.
 */
public final class ApiTokenService {
    public static final String PREFIX = "shoal_";

    private final ApiTokenCatalog tokens;
    private final AccountCatalog accounts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokenService(ApiTokenCatalog tokens, AccountCatalog accounts, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A new token and its secret (the only time the secret exists outside the caller). */
    public record Minted(ApiToken token, String secret) {}

    /**
     * Mints a token for {@code owner}. With an organization the owner must be a member; a group
     * needs an organization and explicit scopes; without scopes a token has full access.
     */
    public Minted mint(String owner, String name, Optional<String> organization, Optional<String> group,
            List<String> scopes) {
        Names.check("API token", name);
        if (group.isPresent() && organization.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "a group-scoped token needs an organization too");
        }
        if (group.isPresent() && scopes.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "a group-scoped token needs at least one scope");
        }
        organization.ifPresent(org -> {
            if (accounts.roleOf(org, owner).isEmpty()) {
                throw new ShoalException(ErrorCode.FORBIDDEN, "you are not a member of organization " + org);
            }
        });
        Set<Scope> parsed = Scope.parse(scopes.isEmpty() ? List.of("full-access") : scopes, group.isPresent());
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        ApiToken token = new ApiToken(UUID.randomUUID(), name, owner, organization, group, parsed, clock.instant());
        tokens.insertApiToken(token, hash(secret));
        return new Minted(token, secret);
    }

    public List<ApiToken> list(String owner) {
        return tokens.apiTokensOf(owner);
    }

    public void revoke(String owner, String name) {
        if (!tokens.deleteApiToken(owner, name)) {
            throw new ShoalException(ErrorCode.NOT_FOUND, "API token not found");
        }
    }

    /** The caller a bearer secret stands for; 401 for anything unknown or revoked. */
    public Principal authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "token contains an invalid number of segments");
        }
        ApiToken t = tokens.findApiTokenByHash(hash(secret)).orElseThrow(() ->
                new ShoalException(ErrorCode.UNAUTHORIZED, "invalid API token: unknown or revoked"));
        return new Principal(t.username(), Optional.of(t));
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
