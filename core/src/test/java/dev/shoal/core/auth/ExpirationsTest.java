package dev.shoal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpirationsTest {
    @ParameterizedTest
    @ValueSource(strings = {"never", "none", "default", "", "  ", "NEVER"})
    void neverNoneDefaultAndEmptyMeanNoExpiration(String s) {
        assertThat(Expirations.parse(s)).isEmpty();
    }

    @Test
    void missingMeansNoExpiration() {
        assertThat(Expirations.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "7d, PT168H",
        "2w1d30m, PT360H30M",
        "1w2d6h3m, PT222H3M",
        "12h, PT12H",
        "30m, PT30M",
        "45s, PT45S",
        "1w, PT168H",
        "1d1s, PT24H1S",
    })
    void parsesUnitsInOrder(String s, String expected) {
        assertThat(Expirations.parse(s)).isEqualTo(Optional.of(Duration.parse(expected)));
    }

    @Test
    void parsesTheLargestNumbersWithoutOverflow() {
        assertThat(Expirations.parse("999999999w999999999d")).hasValueSatisfying(d -> assertThat(d).isPositive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7x", "d", "-1d", "1d1w", "never2", "0d", "1d0h", "7 d", "1.5d", "1dd", "1d1d", "7", "w1",
        "1234567890d", "P7D", "7days"})
    void refusesAnythingElseAsInvalidRequest(String s) {
        assertThatThrownBy(() -> Expirations.parse(s))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("Invalid expiration format");
    }
}
