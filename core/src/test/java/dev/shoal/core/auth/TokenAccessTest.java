package dev.shoal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import org.junit.jupiter.api.Test;

class TokenAccessTest {
    @Test
    void authorizationDefaultsToFullAccess() {
        assertThat(Access.fromAuthorization(null)).isEqualTo(Access.FULL_ACCESS);
        assertThat(Access.fromAuthorization("")).isEqualTo(Access.FULL_ACCESS);
        assertThat(Access.fromAuthorization(" ")).isEqualTo(Access.FULL_ACCESS);
    }

    @Test
    void authorizationNamesBothLevels() {
        assertThat(Access.fromAuthorization("full-access")).isEqualTo(Access.FULL_ACCESS);
        assertThat(Access.fromAuthorization("read-only")).isEqualTo(Access.READ_ONLY);
    }

    @Test
    void unknownAuthorizationIsAnInvalidRequestNamingTheChoices() {
        assertThatThrownBy(() -> Access.fromAuthorization("admin"))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("invalid authorization: admin; use full-access or read-only");
    }

    @Test
    void claimValuesAreThoseSqldReads() {
        assertThat(Access.READ_ONLY.claim()).isEqualTo("ro");
        assertThat(Access.FULL_ACCESS.claim()).isEqualTo("rw");
        assertThat(Access.fromClaim("ro")).contains(Access.READ_ONLY);
        assertThat(Access.fromClaim("rw")).contains(Access.FULL_ACCESS);
        assertThat(Access.fromClaim("RW")).isEmpty();
        assertThat(Access.fromClaim(null)).isEmpty();
    }
}
