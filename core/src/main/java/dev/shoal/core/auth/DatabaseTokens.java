package dev.shoal.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.io.DecodingException;
import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mints and verifies the JWTs that authorize SQL API (Hrana) requests: Turso's database and group
 * tokens, in the format sqld understands (see the reference spec §2.4).
 *
 * <p>Header {@code {"typ":"JWT","alg":"EdDSA"}}, Ed25519 signature with the group's key from
 * {@link TokenKeys}. Claims:
 * <ul>
 *   <li>{@code a}: {@code rw} or {@code ro} (absent means full access, as in sqld);</li>
 *   <li>{@code id}: the database UUID (database tokens only);</li>
 *   <li>{@code gid}: the group UUID;</li>
 *   <li>{@code gen}: the database's token generation (database tokens only). Rotating a database's
 *       credentials bumps its generation, which invalidates its database tokens but not the group
 *       tokens; rotating the group's key pair invalidates both;</li>
 *   <li>{@code iat}, {@code exp} (unix seconds; {@code exp} only for expiring tokens);</li>
 *   <li>{@code p}, only when the token may ATTACH other databases: {@code roa.ns} lists them, and a
 *       database token also lists itself in {@code rw.ns} or {@code ro.ns}, because sqld ignores
 *       {@code id}/{@code a} once {@code p} is present.</li>
 * </ul>
 *
 * <p>Verification accepts only header {@code alg: EdDSA} (no {@code none}, no HMAC/RSA/ECDSA, so
 * no key confusion) with no header parameters but {@code alg}, {@code typ} and {@code kid}; the
 * signature must hold under the group's <em>current</em> public key; {@code exp} is honoured with
 * {@link #CLOCK_SKEW}; {@code nbf} is refused (Shoal never mints it). A database token must name
 * the database, its group and its current generation; a group token must name the group.
 *
 * <p>Every verification failure is a {@link ShoalException} with {@link ErrorCode#UNAUTHORIZED}
 * and a message a client may see; no jjwt exception escapes. Tokens whose signature held are
 * remembered (see {@link #DatabaseTokens(TokenKeys, Clock, int)}), so a repeated token costs a map
 * lookup instead of an Ed25519 verification. Thread-safe.
 */
public final class DatabaseTokens {
    /** Tolerated difference between our clock and the one that judged {@code exp}/{@code nbf}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Longer strings are refused before any parsing (a token with hundreds of attachments is ~20 KiB). */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;

    private static final String ALGORITHM = "EdDSA";
    /** Header parameters a Shoal token may carry; anything else (zip, b64, crit, jwk, ...) is refused. */
    private static final Set<String> ALLOWED_HEADER_PARAMETERS = Set.of("alg", "typ", "kid");

    /** Default number of verified tokens remembered (see {@link #DatabaseTokens(TokenKeys, Clock, int)}). */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private final TokenKeys keys;
    private final Clock clock;
    /** Token string → claims whose signature held under {@link Verified#key}; null when caching is off. */
    private final Cache<String, Verified> verified;

    private record Verified(PublicKey key, TokenClaims claims) {}

    public DatabaseTokens(TokenKeys keys, Clock clock) {
        this(keys, clock, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param cacheSize how many verified tokens to remember (0: none). An Ed25519 verification costs
     *                  the JDK a few hundred microseconds, and clients send the same token with every
     *                  request, so a token whose signature held is remembered together with the
     *                  public key that verified it. A hit is still checked against the group's
     *                  current key (so rotation takes effect at once), the clock (exp) and the target
     *                  database, group and generation.
     */
    public DatabaseTokens(TokenKeys keys, Clock clock, int cacheSize) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
        }
        this.verified = cacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfterAccess(Duration.ofMinutes(30))
                .build();
    }

    /**
     * A token for one database. {@code readAttach} lists the databases (of the same group) it may
     * ATTACH read-only; {@code expiration} empty means the token never expires.
     */
    public String mintDatabaseToken(UUID groupId, UUID databaseId, long generation, Access access,
            Optional<Duration> expiration, List<UUID> readAttach) {
        return mintDatabaseToken(groupId, databaseId, generation, access, expiration, readAttach, Optional.empty());
    }

    /** The same, naming who minted it in claim {@code sub} (shown as the sender of migrations it writes). */
    public String mintDatabaseToken(UUID groupId, UUID databaseId, long generation, Access access,
            Optional<Duration> expiration, List<UUID> readAttach, Optional<String> subject) {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(access, "access");
        if (generation < 0) {
            throw new IllegalArgumentException("token generation must not be negative: " + generation);
        }
        JwtBuilder b = start(access, subject)
                .claim("id", databaseId.toString())
                .claim("gid", groupId.toString())
                .claim("gen", generation);
        List<String> attach = attachIds(readAttach);
        if (!attach.isEmpty()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(access.claim(), Map.of("ns", List.of(databaseId.toString())));
            p.put("roa", Map.of("ns", attach));
            b.claim("p", p);
        }
        return finish(b, groupId, expiration);
    }

    /** A token for every database of a group (claims {@code a}, {@code gid}, no {@code id}). */
    public String mintGroupToken(UUID groupId, Access access, Optional<Duration> expiration, List<UUID> readAttach) {
        return mintGroupToken(groupId, access, expiration, readAttach, Optional.empty());
    }

    /** The same, naming who minted it in claim {@code sub}. */
    public String mintGroupToken(UUID groupId, Access access, Optional<Duration> expiration, List<UUID> readAttach,
            Optional<String> subject) {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(access, "access");
        JwtBuilder b = start(access, subject).claim("gid", groupId.toString());
        List<String> attach = attachIds(readAttach);
        if (!attach.isEmpty()) {
            b.claim("p", Map.of("roa", Map.of("ns", attach)));
        }
        return finish(b, groupId, expiration);
    }

    private static JwtBuilder start(Access access, Optional<String> subject) {
        JwtBuilder b = Jwts.builder().header().type("JWT").and().claim("a", access.claim());
        subject.ifPresent(b::subject);
        return b;
    }

    private String finish(JwtBuilder b, UUID groupId, Optional<Duration> expiration) {
        Objects.requireNonNull(expiration, "expiration");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        b.issuedAt(Date.from(now));
        if (expiration.isPresent()) {
            Duration d = expiration.get();
            if (d.isNegative() || d.getSeconds() == 0) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "Invalid expiration format");
            }
            b.expiration(Date.from(now.plusSeconds(d.getSeconds())));
        }
        return b.signWith(keys.current(groupId).getPrivate(), Jwts.SIG.EdDSA).compact();
    }

    private static List<String> attachIds(List<UUID> readAttach) {
        Objects.requireNonNull(readAttach, "readAttach");
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (UUID id : readAttach) {
            ids.add(Objects.requireNonNull(id, "readAttach element").toString());
        }
        return List.copyOf(ids);
    }

    /**
     * Verifies {@code jwt}, presented for database {@code databaseId} of group {@code groupId}
     * whose current token generation is {@code currentGeneration}, and returns its claims.
     *
     * @throws ShoalException {@link ErrorCode#UNAUTHORIZED} for any token that does not grant access
     */
    public TokenClaims authorize(String jwt, UUID databaseId, UUID groupId, long currentGeneration) {
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(groupId, "groupId");
        checkShape(jwt);
        PublicKey key = keys.current(groupId).getPublic();
        Verified v = verified == null ? null : verified.getIfPresent(jwt);
        if (v == null || !(v.key() == key || v.key().equals(key))) {
            v = new Verified(key, parse(verify(jwt, key)));
            if (verified != null) {
                verified.put(jwt, v);
            }
        }
        return check(v.claims(), databaseId, groupId, currentGeneration);
    }

    /** Cheap structural checks, so that garbage gets a precise message and never reaches the parser. */
    private static void checkShape(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw refused("token is missing");
        }
        if (jwt.length() > MAX_TOKEN_LENGTH) {
            throw refused("token is too long");
        }
        int dots = 0;
        for (int i = 0; i < jwt.length(); i++) {
            char c = jwt.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw refused("token is malformed: it contains characters outside base64url");
            }
        }
        if (dots != 2) {
            throw refused("token contains an invalid number of segments");
        }
        if (jwt.startsWith(".") || jwt.contains("..")) {
            throw refused("token is malformed: its header or payload is empty");
        }
        if (jwt.endsWith(".")) {
            throw refused("token is not signed: the algorithm must be EdDSA");
        }
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private Claims verify(String jwt, PublicKey key) {
        // jjwt checks the header (algorithm, crit, none) before it asks for the key: a failure
        // before the key locator ran is about the header, one after it about signature or payload.
        boolean[] located = {false};
        try {
            return Jwts.parser()
                    .keyLocator(header -> {
                        Key k = locateKey(header, key);
                        located[0] = true;
                        return k;
                    })
                    .sig().clear().add(Jwts.SIG.EdDSA).and()
                    .zip().clear().and()
                    .clock(() -> Date.from(clock.instant()))
                    .clockSkewSeconds(CLOCK_SKEW.getSeconds())
                    .build()
                    .parseSignedClaims(jwt)
                    .getPayload();
        } catch (ShoalException e) {
            throw e;
        } catch (ExpiredJwtException e) {
            throw refused("token has expired", e);
        } catch (PrematureJwtException e) {
            throw refused("token is not valid yet", e);
        } catch (io.jsonwebtoken.security.SignatureException e) {
            throw refused(located[0] ? "token signature is invalid" : "token algorithm is not allowed: it must be EdDSA", e);
        } catch (UnsupportedJwtException e) {
            throw refused(located[0] ? "token payload is not a JSON object of claims"
                    : "token header is not supported: the algorithm must be EdDSA", e);
        } catch (MalformedJwtException | DecodingException | DeserializationException e) {
            throw refused("token is malformed: " + malformedReason(e), e);
        } catch (SecurityException e) {
            throw refused("token signature is invalid", e);
        } catch (RuntimeException e) { // any other jjwt or JSON failure
            throw refused("token is invalid", e);
        }
    }

    private static String malformedReason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DeserializationException || t.getClass().getName().startsWith("com.fasterxml.jackson")) {
                return "it is not valid JSON";
            }
            if (t instanceof DecodingException) {
                return "it is not valid base64url";
            }
        }
        return "it is not a valid JWT";
    }

    /** Hands jjwt the group's public key, but only for an EdDSA header with no unexpected parameters. */
    private static Key locateKey(Header header, PublicKey key) {
        if (!(header instanceof JwsHeader jws)) {
            throw refused("token is not signed: the algorithm must be EdDSA");
        }
        String alg = jws.getAlgorithm();
        if (!ALGORITHM.equals(alg)) {
            throw refused("token algorithm " + printable(alg) + " is not allowed: it must be EdDSA");
        }
        for (String name : header.keySet()) {
            if (!ALLOWED_HEADER_PARAMETERS.contains(name)) {
                throw refused("token header parameter " + printable(name) + " is not allowed");
            }
        }
        return key;
    }

    /** The claims of a token whose signature held, checked for type but not yet for target or time. */
    private static TokenClaims parse(Claims c) {
        try {
            Access access = access(c.get("a"));
            Optional<UUID> tokenDb = optionalUuid(c.get("id"), "id");
            UUID tokenGroup = optionalUuid(c.get("gid"), "gid")
                    .orElseThrow(() -> refused("token has no group (gid) claim"));
            long generation = tokenDb.isPresent() ? generation(c.get("gen")) : TokenClaims.NO_GENERATION;
            Date iat = c.getIssuedAt();
            if (iat == null) {
                throw refused("token has no issued-at (iat) claim");
            }
            Optional<Instant> exp = Optional.ofNullable(c.getExpiration()).map(Date::toInstant);
            if (c.getNotBefore() != null) {
                throw refused("token has a not-before (nbf) claim, which Shoal tokens never carry");
            }
            return new TokenClaims(access, tokenDb, tokenGroup, generation, readAttach(c.get("p")), iat.toInstant(), exp,
                    Optional.ofNullable(c.getSubject()));
        } catch (ShoalException e) {
            throw e;
        } catch (RuntimeException e) { // a claim of an unexpected JSON type
            throw refused("token has invalid claims", e);
        }
    }

    /** Whether verified claims grant access to this database now. */
    private TokenClaims check(TokenClaims c, UUID databaseId, UUID groupId, long currentGeneration) {
        // jjwt checked exp when it parsed the token, but a cached token is judged again each time.
        if (c.expiresAt().isPresent() && clock.instant().minus(CLOCK_SKEW).isAfter(c.expiresAt().get())) {
            throw refused("token has expired");
        }
        if (c.databaseId().isPresent()) {
            if (!c.databaseId().get().equals(databaseId)) {
                throw refused("token is for another database");
            }
            if (!c.groupId().equals(groupId)) {
                throw refused("token is for another group");
            }
            if (c.generation() != currentGeneration) {
                throw refused("token was invalidated (rotated)");
            }
        } else if (!c.groupId().equals(groupId)) {
            throw refused("token is for another group");
        }
        return c;
    }

    private static Access access(Object a) {
        if (a == null) {
            return Access.FULL_ACCESS; // sqld: a missing `a` means full access
        }
        return (a instanceof String s ? Access.fromClaim(s) : Optional.<Access>empty())
                .orElseThrow(() -> refused("token has an invalid access (a) claim: it must be rw or ro"));
    }

    private static Optional<UUID> optionalUuid(Object v, String claim) {
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            try {
                UUID u = UUID.fromString(s);
                if (u.toString().equals(s.toLowerCase(java.util.Locale.ROOT))) {
                    return Optional.of(u);
                }
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw refused("token has an invalid " + claim + " claim");
    }

    private static long generation(Object gen) {
        if (gen == null) {
            throw refused("token has no generation (gen) claim");
        }
        if (gen instanceof Integer || gen instanceof Long || gen instanceof Short || gen instanceof Byte) {
            return ((Number) gen).longValue();
        }
        throw refused("token has an invalid generation (gen) claim");
    }

    private static List<UUID> readAttach(Object p) {
        if (p == null) {
            return List.of();
        }
        if (!(p instanceof Map<?, ?> permissions)) {
            throw refused("token has an invalid permissions (p) claim");
        }
        Object roa = permissions.get("roa");
        if (roa == null) {
            return List.of();
        }
        if (!(roa instanceof Map<?, ?> roaMap) || !(roaMap.get("ns") instanceof List<?> ns)) {
            throw refused("token has an invalid permissions (p.roa) claim");
        }
        List<UUID> ids = new ArrayList<>(ns.size());
        for (Object id : ns) {
            ids.add(optionalUuid(id, "p.roa.ns").orElseThrow(() -> refused("token has an invalid p.roa.ns claim")));
        }
        return ids;
    }

    private static String printable(String s) {
        if (s == null) {
            return "(missing)";
        }
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('`');
        cut.codePoints().forEach(cp -> b.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
        return b.append('`').toString();
    }

    private static ShoalException refused(String message) {
        return new ShoalException(ErrorCode.UNAUTHORIZED, message);
    }

    private static ShoalException refused(String message, Throwable cause) {
        return new ShoalException(ErrorCode.UNAUTHORIZED, message, cause);
    }
}
