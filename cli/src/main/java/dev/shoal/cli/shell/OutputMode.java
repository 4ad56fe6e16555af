package dev.shoal.cli.shell;

import java.util.Locale;
import java.util.Optional;

/** The result formats of {@code .mode}. */
enum OutputMode {
    TABLE, JSON, CSV, LINE;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<OutputMode> parse(String s) {
        for (OutputMode m : values()) {
            if (m.wireName().equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
