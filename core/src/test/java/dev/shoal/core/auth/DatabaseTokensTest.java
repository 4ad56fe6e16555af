package dev.shoal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final UUID GROUP = UUID.fromString("6f1c0d3e-0000-4000-8000-000000000001");
    private static final UUID OTHER_GROUP = UUID.fromString("6f1c0d3e-0000-4000-8000-000000000002");
    private static final UUID DB_A = UUID.fromString("0a000000-0000-4000-8000-00000000000a");
    private static final UUID DB_B = UUID.fromString("0b000000-0000-4000-8000-00000000000b");
    private static final UUID DB_C = UUID.fromString("0c000000-0000-4000-8000-00000000000c");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryTokenKeys keys = new InMemoryTokenKeys();
    private final DatabaseTokens tokens = new DatabaseTokens(keys, clock);

    // ---- minting: the exact claim sets ----

    @Test
    void databaseTokenCarriesAccessIdsGenerationAndIssuedAt() throws Exception {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 3, Access.FULL_ACCESS, Optional.empty(), List.of());

        assertThat(header(jwt)).containsExactlyInAnyOrderEntriesOf(Map.of("alg", "EdDSA", "typ", "JWT"));
        assertThat(payload(jwt)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", "rw", "id", DB_A.toString(), "gid", GROUP.toString(), "gen", 3, "iat", (int) T0.getEpochSecond()));
    }

    @Test
    void databaseTokenRoundTrips() {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 3, Access.FULL_ACCESS, Optional.empty(), List.of());

        TokenClaims claims = tokens.authorize(jwt, DB_A, GROUP, 3);

        assertThat(claims).isEqualTo(new TokenClaims(Access.FULL_ACCESS, Optional.of(DB_A), GROUP, 3, List.of(), T0,
                Optional.empty()));
        assertThat(claims.isGroupToken()).isFalse();
    }

    @Test
    void expiringDatabaseTokenCarriesExpAndReadAttachPermissions() throws Exception {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.READ_ONLY, Optional.of(Duration.ofHours(1)),
                List.of(DB_B, DB_C));

        Map<String, Object> p = payload(jwt);
        assertThat(p).containsOnlyKeys("a", "id", "gid", "gen", "iat", "exp", "p");
        assertThat(p).containsEntry("a", "ro").containsEntry("gen", 0)
                .containsEntry("iat", (int) T0.getEpochSecond())
                .containsEntry("exp", (int) T0.plusSeconds(3600).getEpochSecond());
        assertThat(p.get("p")).isEqualTo(Map.of(
                "ro", Map.of("ns", List.of(DB_A.toString())),
                "roa", Map.of("ns", List.of(DB_B.toString(), DB_C.toString()))));
    }

    @Test
    void fullAccessTokenWithAttachmentsListsItselfUnderRw() throws Exception {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.empty(), List.of(DB_B));

        assertThat(payload(jwt).get("p")).isEqualTo(Map.of(
                "rw", Map.of("ns", List.of(DB_A.toString())),
                "roa", Map.of("ns", List.of(DB_B.toString()))));
    }

    @Test
    void readAttachIsCarriedThroughVerification() {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.READ_ONLY, Optional.of(Duration.ofHours(1)),
                List.of(DB_B, DB_C));

        TokenClaims claims = tokens.authorize(jwt, DB_A, GROUP, 0);

        assertThat(claims.access()).isEqualTo(Access.READ_ONLY);
        assertThat(claims.readAttach()).containsExactly(DB_B, DB_C);
        assertThat(claims.expiresAt()).contains(T0.plusSeconds(3600));
    }

    @Test
    void groupTokenCarriesNoDatabaseIdNorGeneration() throws Exception {
        String jwt = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());

        assertThat(payload(jwt)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", "rw", "gid", GROUP.toString(), "iat", (int) T0.getEpochSecond()));
        assertThat(jwt).startsWith(base64Url("{\"typ\":\"JWT\",\"alg\":\"EdDSA\"}") + "."
                + base64Url("{\"a\":\"rw\",\"gid\":").substring(0, 16));
    }

    @Test
    void groupTokenWithAttachmentsCarriesOnlyRoa() throws Exception {
        String jwt = tokens.mintGroupToken(GROUP, Access.READ_ONLY, Optional.of(Duration.ofDays(7)), List.of(DB_C));

        Map<String, Object> p = payload(jwt);
        assertThat(p).containsOnlyKeys("a", "gid", "iat", "exp", "p");
        assertThat(p.get("p")).isEqualTo(Map.of("roa", Map.of("ns", List.of(DB_C.toString()))));
        assertThat(tokens.authorize(jwt, DB_A, GROUP, 5).readAttach()).containsExactly(DB_C);
    }

    @Test
    void groupTokenIsAcceptedForEveryDatabaseOfItsGroup() {
        String jwt = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());

        for (UUID db : List.of(DB_A, DB_B, DB_C)) {
            TokenClaims claims = tokens.authorize(jwt, db, GROUP, 7);
            assertThat(claims).isEqualTo(new TokenClaims(Access.FULL_ACCESS, Optional.empty(), GROUP,
                    TokenClaims.NO_GENERATION, List.of(), T0, Optional.empty()));
            assertThat(claims.isGroupToken()).isTrue();
        }
    }

    @Test
    void readOnlyTokenVerifiesAsReadOnly() {
        String db = tokens.mintDatabaseToken(GROUP, DB_A, 1, Access.READ_ONLY, Optional.empty(), List.of());
        String group = tokens.mintGroupToken(GROUP, Access.READ_ONLY, Optional.empty(), List.of());

        assertThat(tokens.authorize(db, DB_A, GROUP, 1).access()).isEqualTo(Access.READ_ONLY);
        assertThat(tokens.authorize(group, DB_A, GROUP, 1).access()).isEqualTo(Access.READ_ONLY);
    }

    @Test
    void duplicateAttachmentsAreListedOnce() {
        String jwt = tokens.mintGroupToken(GROUP, Access.READ_ONLY, Optional.empty(), List.of(DB_B, DB_B, DB_C));

        assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).readAttach()).containsExactly(DB_B, DB_C);
    }

    @Test
    void mintingRefusesANonPositiveExpiration() {
        assertThatThrownBy(() -> tokens.mintGroupToken(GROUP, Access.READ_ONLY, Optional.of(Duration.ZERO), List.of()))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    // ---- expiry ----

    @Test
    void expiredTokenIsRefused() {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.of(Duration.ofHours(1)), List.of());
        assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).expiresAt()).contains(T0.plusSeconds(3600));

        clock.advance(Duration.ofHours(2));

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token has expired");
    }

    @Test
    void expiryToleratesASmallClockSkew() {
        String jwt = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.of(Duration.ofHours(1)), List.of());

        clock.advance(Duration.ofHours(1).plusSeconds(20));
        assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).access()).isEqualTo(Access.FULL_ACCESS);

        clock.advance(Duration.ofSeconds(20));
        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token has expired");
    }

    @Test
    void neverExpiringTokenHasNoExpAndStaysValid() throws Exception {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.empty(), List.of());
        assertThat(payload(jwt)).doesNotContainKey("exp");

        clock.advance(Duration.ofDays(3650));

        assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).expiresAt()).isEmpty();
    }

    // ---- invalidation ----

    @Test
    void rotatingTheGroupKeyInvalidatesEarlierDatabaseAndGroupTokens() {
        String db = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.empty(), List.of());
        String group = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());
        tokens.authorize(db, DB_A, GROUP, 0); // verified once, so remembered
        tokens.authorize(group, DB_A, GROUP, 0);

        keys.rotate(GROUP);

        assertRefused(() -> tokens.authorize(db, DB_A, GROUP, 0), "token signature is invalid");
        assertRefused(() -> tokens.authorize(group, DB_A, GROUP, 0), "token signature is invalid");
        String fresh = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.empty(), List.of());
        assertThat(tokens.authorize(fresh, DB_A, GROUP, 0).databaseId()).contains(DB_A);
    }

    @Test
    void bumpingTheGenerationInvalidatesDatabaseTokensButNotGroupTokens() {
        String db = tokens.mintDatabaseToken(GROUP, DB_A, 4, Access.FULL_ACCESS, Optional.empty(), List.of());
        String group = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());

        assertRefused(() -> tokens.authorize(db, DB_A, GROUP, 5), "token was invalidated (rotated)");
        assertThat(tokens.authorize(group, DB_A, GROUP, 5).isGroupToken()).isTrue();
    }

    @Test
    void rememberedTokenIsStillCheckedForTargetAndGeneration() {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 2, Access.FULL_ACCESS, Optional.empty(), List.of());
        assertThat(tokens.authorize(jwt, DB_A, GROUP, 2).databaseId()).contains(DB_A);

        assertRefused(() -> tokens.authorize(jwt, DB_B, GROUP, 2), "token is for another database");
        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 3), "token was invalidated (rotated)");
        assertRefused(() -> tokens.authorize(jwt, DB_A, OTHER_GROUP, 2), "token signature is invalid");
        assertThat(tokens.authorize(jwt, DB_A, GROUP, 2).databaseId()).contains(DB_A);
    }

    @Test
    void withoutCacheEveryRuleStillHolds() {
        DatabaseTokens uncached = new DatabaseTokens(keys, clock, 0);
        String jwt = uncached.mintDatabaseToken(GROUP, DB_A, 0, Access.READ_ONLY, Optional.of(Duration.ofHours(1)), List.of());

        assertThat(uncached.authorize(jwt, DB_A, GROUP, 0).access()).isEqualTo(Access.READ_ONLY);
        assertRefused(() -> uncached.authorize(jwt, DB_B, GROUP, 0), "token is for another database");
        clock.advance(Duration.ofHours(2));
        assertRefused(() -> uncached.authorize(jwt, DB_A, GROUP, 0), "token has expired");
    }

    @Test
    void manyThreadsVerifyingTheSameTokensAgree() throws Exception {
        List<String> jwts = List.of(
                tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.READ_ONLY, Optional.empty(), List.of()),
                tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of(DB_C)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<TokenClaims>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String jwt = jwts.get(i % 2);
                results.add(pool.submit(() -> tokens.authorize(jwt, DB_A, GROUP, 0)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().access()).isEqualTo(i % 2 == 0 ? Access.READ_ONLY : Access.FULL_ACCESS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- wrong target ----

    @Test
    void databaseTokenIsRefusedForAnotherDatabase() {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.FULL_ACCESS, Optional.empty(), List.of());

        assertRefused(() -> tokens.authorize(jwt, DB_B, GROUP, 0), "token is for another database");
    }

    @Test
    void groupTokenIsRefusedForAnotherGroupEvenWithThatGroupsKey() throws Exception {
        String jwt = tokens.mintGroupToken(GROUP, Access.FULL_ACCESS, Optional.empty(), List.of());
        assertRefused(() -> tokens.authorize(jwt, DB_A, OTHER_GROUP, 0), "token signature is invalid");

        // Same claims but signed with the other group's key: the signature holds, the gid does not.
        String resigned = sign(keys.current(OTHER_GROUP), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}",
                JSON.writeValueAsString(payload(jwt)));
        assertRefused(() -> tokens.authorize(resigned, DB_A, OTHER_GROUP, 0), "token is for another group");
    }

    @Test
    void tokenSignedByAnotherGroupsKeyIsRefused() throws Exception {
        String jwt = sign(keys.current(OTHER_GROUP), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}",
                "{\"a\":\"rw\",\"id\":\"" + DB_A + "\",\"gid\":\"" + GROUP + "\",\"gen\":0,\"iat\":" + T0.getEpochSecond() + "}");

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token signature is invalid");
    }

    // ---- forged and tampered tokens ----

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String claims = "{\"a\":\"rw\",\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}";
        String unsigned = base64Url("{\"alg\":\"none\"}") + "." + base64Url(claims) + ".";
        String withJunkSignature = unsigned + "c2lnbmF0dXJl";

        assertRefused(() -> tokens.authorize(unsigned, DB_A, GROUP, 0), "token is not signed");
        assertRefused(() -> tokens.authorize(withJunkSignature, DB_A, GROUP, 0), "EdDSA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"der", "pem", "raw"})
    void hs256TokenKeyedWithThePublicKeyIsRefused(String keyForm) throws Exception {
        byte[] pub = keys.current(GROUP).getPublic().getEncoded();
        byte[] secret = switch (keyForm) {
            case "der" -> pub;
            case "pem" -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pub)
                    + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            default -> java.util.Arrays.copyOfRange(pub, pub.length - 32, pub.length);
        };
        String signingInput = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"a\":\"rw\",\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String jwt = signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "algorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "HS512", "PS256", "Ed25519", "eddsa"})
    void otherAlgorithmsAreRefused(String alg) throws Exception {
        // Signed correctly with the group's Ed25519 key, but under a header that names another algorithm.
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}",
                "{\"a\":\"rw\",\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}");

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "algorithm");
    }

    @Test
    void unexpectedHeaderParametersAreRefused() throws Exception {
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\",\"zip\":\"DEF\"}",
                "{\"a\":\"rw\",\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}");

        assertThatThrownBy(() -> tokens.authorize(jwt, DB_A, GROUP, 0))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String jwt = tokens.mintDatabaseToken(GROUP, DB_A, 0, Access.READ_ONLY, Optional.empty(), List.of());
        tokens.authorize(jwt, DB_A, GROUP, 0); // the genuine token is remembered; the forgery must not ride on it
        String[] parts = jwt.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(json).contains("\"a\":\"ro\"");
        String tampered = parts[0] + "." + base64Url(json.replace("\"a\":\"ro\"", "\"a\":\"rw\"")) + "." + parts[2];

        assertRefused(() -> tokens.authorize(tampered, DB_A, GROUP, 0), "token signature is invalid");
    }

    @Test
    void tamperedSignatureIsRefused() {
        String jwt = tokens.mintGroupToken(GROUP, Access.READ_ONLY, Optional.empty(), List.of());
        char last = jwt.charAt(jwt.length() - 2);
        String tampered = jwt.substring(0, jwt.length() - 2) + (last == 'A' ? 'B' : 'A') + jwt.charAt(jwt.length() - 1);

        assertRefused(() -> tokens.authorize(tampered, DB_A, GROUP, 0), "token signature is invalid");
    }

    // ---- claims that are signed but wrong ----

    @Test
    void missingAccessClaimMeansFullAccess() throws Exception {
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\"}",
                "{\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}");

        assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).access()).isEqualTo(Access.FULL_ACCESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"admin\"", "\"RW\"", "1", "true", "[\"rw\"]", "null"})
    void unknownAccessClaimIsRefused(String a) throws Exception {
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\"}",
                "{\"a\":" + a + ",\"gid\":\"" + GROUP + "\",\"iat\":" + T0.getEpochSecond() + "}");

        if (a.equals("null")) { // JSON null is the same as absent
            assertThat(tokens.authorize(jwt, DB_A, GROUP, 0).access()).isEqualTo(Access.FULL_ACCESS);
        } else {
            assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "access (a) claim");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":\"rw\",\"iat\":1}",
        "{\"a\":\"rw\",\"gid\":\"not-a-uuid\",\"iat\":1}",
        "{\"a\":\"rw\",\"gid\":42,\"iat\":1}",
        "{\"a\":\"rw\",\"id\":\"0a000000-0000-4000-8000-00000000000a\",\"gid\":\"GROUP\",\"iat\":1}",
        "{\"a\":\"rw\",\"id\":\"0a000000-0000-4000-8000-00000000000a\",\"gid\":\"GROUP\",\"gen\":\"0\",\"iat\":1}",
        "{\"a\":\"rw\",\"id\":\"0a000000-0000-4000-8000-00000000000a\",\"gid\":\"GROUP\",\"gen\":0.5,\"iat\":1}",
        "{\"a\":\"rw\",\"id\":\"nope\",\"gid\":\"GROUP\",\"gen\":0,\"iat\":1}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\"}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":\"yesterday\"}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":1,\"p\":[]}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":1,\"p\":{\"roa\":{\"ns\":[\"db-name\"]}}}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":1,\"p\":{\"roa\":[]}}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":1,\"exp\":\"tomorrow\"}",
        "{\"a\":\"rw\",\"gid\":\"GROUP\",\"iat\":1,\"nbf\":99999999999}",
        "[1,2,3]",
        "\"just a string\"",
    })
    void signedTokensWithMissingOrMistypedClaimsAreRefused(String claims) throws Exception {
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\"}", claims.replace("GROUP", GROUP.toString()));

        assertThatThrownBy(() -> tokens.authorize(jwt, DB_A, GROUP, 0))
                .isInstanceOfSatisfying(ShoalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).startsWith("token ");
                });
    }

    @Test
    void databaseTokenOfAnotherGroupIsRefusedEvenIfSignedWithThisGroupsKey() throws Exception {
        String jwt = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\"}",
                "{\"a\":\"rw\",\"id\":\"" + DB_A + "\",\"gid\":\"" + OTHER_GROUP + "\",\"gen\":0,\"iat\":1}");

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token is for another group");
    }

    // ---- garbage ----

    @Test
    void missingTokenIsRefused() {
        assertRefused(() -> tokens.authorize(null, DB_A, GROUP, 0), "token is missing");
        assertRefused(() -> tokens.authorize("  ", DB_A, GROUP, 0), "token is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b", "a.b.c.d", "a.b.c.d.e", "...."})
    void wrongSegmentCountIsRefused(String jwt) {
        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token contains an invalid number of segments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def.ghi", "a b.c.d", "abc.d+f.ghi", "abc.def.gh=", "é.a.b"})
    void nonBase64UrlCharactersAreRefused(String jwt) {
        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token is malformed");
    }

    @Test
    void undecodableHeaderOrPayloadIsRefused() throws Exception {
        String payload = base64Url("{\"gid\":\"" + GROUP + "\",\"iat\":1}");
        String sig = "c2lnbmF0dXJl";

        assertRefused(() -> tokens.authorize("abc.def.ghi", DB_A, GROUP, 0), "token is malformed");
        assertRefused(() -> tokens.authorize(base64Url("{\"alg\":") + "." + payload + "." + sig, DB_A, GROUP, 0),
                "token is malformed");
        assertRefused(() -> tokens.authorize(base64Url("not json") + "." + payload + "." + sig, DB_A, GROUP, 0),
                "token is malformed");
        // A valid signature over a payload that is not JSON.
        String notJson = sign(keys.current(GROUP), "{\"alg\":\"EdDSA\"}", "{\"gid\":");
        assertRefused(() -> tokens.authorize(notJson, DB_A, GROUP, 0), "token ");
    }

    @Test
    void emptySegmentsAreRefused() {
        assertRefused(() -> tokens.authorize("..", DB_A, GROUP, 0), "token is malformed");
        assertRefused(() -> tokens.authorize("abc..def", DB_A, GROUP, 0), "token is malformed");
    }

    @Test
    void overlongTokenIsRefusedBeforeParsing() {
        String jwt = "a".repeat(DatabaseTokens.MAX_TOKEN_LENGTH) + ".b.c";

        assertRefused(() -> tokens.authorize(jwt, DB_A, GROUP, 0), "token is too long");
    }

    // ---- helpers ----

    private static void assertRefused(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining(messagePart);
    }

    private static Map<String, Object> header(String jwt) throws Exception {
        return decode(jwt.split("\\.")[0]);
    }

    private static Map<String, Object> payload(String jwt) throws Exception {
        return decode(jwt.split("\\.")[1]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String segment) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(segment), Map.class);
    }

    private static String base64Url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A JWT with exactly this header and payload, signed (Ed25519) with {@code pair}. */
    private static String sign(KeyPair pair, String headerJson, String payloadJson) throws Exception {
        String signingInput = base64Url(headerJson) + "." + base64Url(payloadJson);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }
}
