package dev.shoal.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "slack", "workspace-1", "0db", "a-b-c"})
    void acceptsLowercaseLettersDigitsAndDashes(String name) {
        assertThat(Names.check("database", name)).isEqualTo(name);
    }

    @Test
    void acceptsSixtyFourCharacters() {
        assertThat(Names.check("database", "a".repeat(64))).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "Upper", "with space", "under_score", "dot.name", "-lead", "trail-", "é", "a/b"})
    void refusesAnythingElseNamingTheProblem(String name) {
        assertThatThrownBy(() -> Names.check("database", name))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME))
                .hasMessageContaining("database name");
    }

    @Test
    void refusesOverlongNamesWithTheLimit() {
        assertThatThrownBy(() -> Names.check("database", "a".repeat(1000)))
                .hasMessageContaining("1000 characters").hasMessageContaining("64");
    }

    @Test
    void refusesEmptyAndMissingNames() {
        assertThatThrownBy(() -> Names.check("group", "")).hasMessageContaining("group name is required");
        assertThatThrownBy(() -> Names.check("group", null)).hasMessageContaining("group name is required");
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        assertThatThrownBy(() -> Names.check("database", "a\u0000b")).hasMessageContaining("\\u0000");
    }

    @Test
    void generatedDatabaseIdsNeverHaveByteFiveSetToTheTursoMarker() {
        for (int i = 0; i < 10_000; i++) {
            long msb = DatabaseService.newDatabaseId().getMostSignificantBits();
            assertThat((msb >>> 16) & 0xff).isNotEqualTo(0x10L);
        }
    }
}
