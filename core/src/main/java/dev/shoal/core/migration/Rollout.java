package dev.shoal.core.migration;

import dev.shoal.core.db.MigrationMode;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a job reaches the children: its mode (fixed when it starts, from the schema database's
 * configuration) and, for a staged rollout, its first wave and the soak time after it.
 *
 * @param soak how long a staged job waits after its first wave before the rest follow by
 *             themselves; empty: until promoted
 */
public record Rollout(MigrationMode mode, Optional<FirstWave> firstWave, Optional<Duration> soak) {
    public static final int MAX_WAVE_NAMES = 1000;

    /** A staged rollout's first wave: children by name, or a percentage of the family. */
    public record FirstWave(List<String> databases, int percent) {
        public FirstWave {
            databases = List.copyOf(databases);
            if (databases.isEmpty() == (percent == 0)) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "a first wave names children or a percentage, "
                        + "not both or neither");
            }
            if (percent < 0 || percent > 100) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "the first wave's percentage must be 1 to 100, not "
                        + percent);
            }
            if (databases.size() > MAX_WAVE_NAMES) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "a first wave names at most " + MAX_WAVE_NAMES
                        + " children; use a percentage for more");
            }
        }

        public static FirstWave of(List<String> names) {
            return new FirstWave(names, 0);
        }

        public static FirstWave percent(int percent) {
            if (percent == 0) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "the first wave's percentage must be 1 to 100, not 0");
            }
            return new FirstWave(List.of(), percent);
        }

        /** How many of {@code children} the wave covers (a percentage rounds up: never an empty wave). */
        int size(int children) {
            return !databases.isEmpty() ? databases.size() : (int) Math.min(children,
                    (children * (long) percent + 99) / 100);
        }

        /** For messages and history: {@code 10%} or {@code ws1, ws2}. */
        public String describe() {
            return databases.isEmpty() ? percent + "%" : String.join(", ", databases);
        }
    }

    public Rollout {
        java.util.Objects.requireNonNull(mode, "mode");
        if (soak.isPresent() && firstWave.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "a soak time needs a first wave");
        }
        if (soak.isPresent() && soak.get().isNegative()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the soak time cannot be negative");
        }
    }

    /** A one-step job in {@code mode}. */
    public static Rollout plain(MigrationMode mode) {
        return new Rollout(mode, Optional.empty(), Optional.empty());
    }

    public boolean staged() {
        return firstWave.isPresent();
    }
}
